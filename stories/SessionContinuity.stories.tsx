import type { Meta, StoryObj } from '@storybook/react-vite'
import { delay, http, HttpResponse } from 'msw'
import { expect, waitFor } from 'storybook/test'
import { App } from '../demo/App.js'
import { createPixwelClient, type PixwelStorage } from '../src/index.js'
import {
  createPixwelHandlers,
  createSignedInClient,
  createTwoFactorMailbox,
  demoAccounts,
  demoPassword,
  demoTwoFactorToken,
} from '../src/testing/index.js'
import { storyBaseURL } from './support/storyBaseURL.js'

/**
 * A storage that already holds a kept token, as after "Keep me signed in on this device": the
 * story's client restores it by itself as it is created.
 */
function storageWithKeptToken(): PixwelStorage {
  const items = new Map([
    [
      `pixwel-react:token:${storyBaseURL}`,
      JSON.stringify({ v: 1, baseURL: storyBaseURL, token: demoTwoFactorToken }),
    ],
  ])
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      items.set(key, value)
    },
    removeItem: (key) => {
      items.delete(key)
    },
  }
}

const mailbox = createTwoFactorMailbox()

/**
 * The demo app as it keeps a user signed in: a kept session restored on load, a failed
 * restore, the two-factor account waiting for its emailed link (and the link expiring), and
 * the token sign-in that two-factor accounts can use instead.
 */
const meta = {
  title: 'Session/Continuity',
  component: App,
  args: { apiURL: storyBaseURL },
  parameters: {
    layout: 'centered',
    msw: createPixwelHandlers({
      baseURL: storyBaseURL,
      accounts: demoAccounts,
      twoFactor: mailbox,
    }),
  },
  beforeEach: () => {
    mailbox.reset()
  },
} satisfies Meta<typeof App>

export default meta
type Story = StoryObj<typeof meta>

/** A kept token is being restored: a quiet card, never the login form first. */
export const Restoring: Story = {
  parameters: {
    msw: [
      http.post(`${storyBaseURL}/session`, async () => {
        await delay('infinite')
        return HttpResponse.json({})
      }),
    ],
    pixwel: {
      client: () => createPixwelClient({ baseURL: storyBaseURL, persist: storageWithKeptToken() }),
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Restoring your session…')
    await expect(canvas.queryByLabelText('Username')).toBeNull()
  },
}

/** The kept token was revoked: the form, with a plain notice; the token is forgotten. */
export const RestoreFailed: Story = {
  parameters: {
    msw: [
      http.post(`${storyBaseURL}/session`, () =>
        HttpResponse.json({ error: 'Unauthorized' }, { status: 401 }),
      ),
    ],
    pixwel: {
      client: () => createPixwelClient({ baseURL: storyBaseURL, persist: storageWithKeptToken() }),
    },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByLabelText('Username')).toBeVisible()
    await expect(canvas.getByRole('status')).toHaveTextContent(
      'Your saved session could not be restored. Please sign in.',
    )
  },
}

/**
 * Pixwel cannot be reached while restoring (a 503): not signed out. The card says it is
 * retrying, the token is kept, and a button tries again now.
 */
export const Unreachable: Story = {
  parameters: {
    msw: [
      http.post(`${storyBaseURL}/session`, () =>
        HttpResponse.json({ error: 'Service Unavailable' }, { status: 503 }),
      ),
    ],
    pixwel: {
      client: () => createPixwelClient({ baseURL: storyBaseURL, persist: storageWithKeptToken() }),
    },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/Can’t reach Pixwel, retrying…/)).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Try again now' })).toBeEnabled()
    await expect(canvas.queryByLabelText('Username')).toBeNull()
  },
}

/**
 * The password was right; Pixwel emailed a link. The page waits, and signs in by itself once
 * the link is opened (here: the play function opens it, as the user would in their mail).
 */
export const WaitingForTheLink: Story = {
  args: { twoFactor: { intervalMs: 200 } },
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(canvas.getByLabelText('Username'), 'two-factor@example.com')
    await userEvent.type(canvas.getByLabelText('Password'), demoPassword)
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await expect(await canvas.findByRole('heading', { name: 'Check your email' })).toBeVisible()
    const link = await canvas.findByRole('link', { name: 'Open the verification link' })
    const code = new URL(link.getAttribute('href') ?? '').pathname.split('/').at(-1) ?? ''
    await expect(mailbox.verify(code)).toBe('verified')
    await expect(
      await canvas.findByRole('heading', { name: 'Tomas Twofactor' }, { timeout: 5_000 }),
    ).toBeVisible()
  },
}

/** Nobody opened the link in time (here 600 ms instead of 10 minutes): signed out, told why. */
export const LinkExpired: Story = {
  args: { twoFactor: { intervalMs: 100, timeoutMs: 600 } },
  parameters: {
    pixwel: {
      client: () =>
        createSignedInClient({ baseURL: storyBaseURL, scenario: 'two-factor-required' }),
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { name: 'Check your email' })).toBeVisible()
    await waitFor(
      async () => {
        await expect(canvas.getByRole('status')).toHaveTextContent(
          'The verification link expired. Please sign in again.',
        )
      },
      { timeout: 5_000 },
    )
    await expect(canvas.getByLabelText('Username')).toBeVisible()
  },
}

/** A two-factor account signs in with its personal access token instead, kept on the device. */
export const TokenSignIn: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(canvas.getByLabelText('Username'), 'two-factor@example.com')
    await userEvent.type(canvas.getByLabelText('Password'), demoPassword)
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
    await userEvent.type(await canvas.findByLabelText('Personal access token'), demoTwoFactorToken)
    await userEvent.click(canvas.getByLabelText('Keep me signed in on this device'))
    await userEvent.click(canvas.getByRole('button', { name: 'Sign in with token' }))
    await expect(await canvas.findByRole('heading', { name: 'Tomas Twofactor' })).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Refresh session' })).toBeEnabled()
  },
}
