import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, fn, within } from 'storybook/test'
import { LoginForm, type LoginFormProps } from '../demo/components/LoginForm.js'
import { SessionView } from '../demo/components/SessionView.js'
import { createPixwelClient, useSession } from '../src/index.js'
import {
  createPixwelHandlers,
  createSessionHandler,
  demoAccounts,
  demoPassword,
} from '../src/testing/index.js'
import { DriftReport } from './support/DriftReport.js'
import { storyBaseURL } from './support/storyBaseURL.js'
import { fullSession } from './support/storySessions.js'

/** What the demo app does: the form while signed out, the signed-in user afterwards. */
function SignInFlow(props: LoginFormProps) {
  const { status } = useSession()
  return status === 'signed-out' ? <LoginForm {...props} /> : <SessionView />
}

const meta = {
  title: 'Session/LoginForm',
  component: LoginForm,
  args: { onSignedIn: fn() },
  parameters: {
    layout: 'centered',
    msw: createPixwelHandlers({ baseURL: storyBaseURL, accounts: demoAccounts }),
  },
} satisfies Meta<typeof LoginForm>

export default meta
type Story = StoryObj<typeof meta>
type PlayContext = Parameters<NonNullable<Story['play']>>[0]

const username = 'ada@example.com'

/** Types the credentials and presses **Sign in**, as a person would. */
async function signIn({ canvas, userEvent }: PlayContext) {
  await userEvent.type(canvas.getByLabelText('Username'), username)
  await userEvent.type(canvas.getByLabelText('Password'), demoPassword)
  await userEvent.click(canvas.getByRole('button', { name: 'Sign in' }))
}

/**
 * Signs in, then expects one alert, focused, that announces `message` first, and whose text
 * no field label search can mistake for a field.
 */
async function expectFailure(context: PlayContext, message: string) {
  await signIn(context)
  const { canvas, args } = context
  // Generous wait: a slow CI browser is not a failure; the message is what is checked.
  const alert = await canvas.findByRole('alert', {}, { timeout: 10_000 })
  await expect(alert).toHaveFocus()
  const sentence = within(alert).getByText(message)
  await expect(sentence).toBeVisible()
  await expect(alert.firstElementChild).toBe(sentence)
  await expect(canvas.getAllByRole('alert')).toHaveLength(1)
  // Its message names no field: a search by label finds the fields only.
  await expect(canvas.getAllByLabelText(/username/i)).toEqual([canvas.getByRole('textbox')])
  await expect(canvas.getAllByLabelText(/password/i)).toHaveLength(1)
  await expect(args.onSignedIn).not.toHaveBeenCalled()
  return alert
}

/** A `beforeEach` that makes `navigator.onLine` say `online` for one story. */
function browserOnline(online: boolean) {
  return () => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online })
    return () => {
      // Drop the own property: `onLine` is the browser's again.
      Reflect.deleteProperty(navigator, 'onLine')
    }
  }
}

/**
 * The form as it first appears. Its API knows the demo users (password `pixwel-demo`):
 * `demo@example.com`, `two-factor@example.com`, `forbidden@example.com`,
 * `rate-limited@example.com`, `malformed@example.com`, `drifted@example.com` and
 * `slow@example.com`; signing in shows
 * the signed-in user, as the demo app does.
 */
export const Idle: Story = {
  render: (args) => <SignInFlow {...args} />,
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('form', { name: 'Sign in to Pixwel' })).toBeVisible()
    await expect(canvas.getByLabelText('Username')).toHaveValue('')
    await expect(canvas.getByLabelText('Password')).toHaveValue('')
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeEnabled()
    await expect(canvas.queryByRole('alert')).toBeNull()
  },
}

/** The API takes an hour to answer: the button is disabled and the form says it is busy. */
export const Pending: Story = {
  name: 'Pending (slow API)',
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'slow', delayMs: 3_600_000 })],
    pixwel: { timeoutMs: 3_600_000 },
  },
  play: async (context) => {
    await signIn(context)
    const { canvas } = context
    await expect(await canvas.findByText('Signing in…')).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeDisabled()
    await expect(canvas.getByRole('form', { name: 'Sign in to Pixwel' })).toHaveAttribute(
      'aria-busy',
      'true',
    )
    await expect(canvas.queryByRole('alert')).toBeNull()
  },
}

/** A good sign-in: `onSignedIn` gets the session, and the app shows the signed-in user. */
export const Success: Story = {
  render: (args) => <SignInFlow {...args} />,
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, session: fullSession() })],
  },
  play: async (context) => {
    await signIn(context)
    const { canvas, args } = context
    await expect(await canvas.findByRole('heading', { name: 'Ada Example' })).toBeVisible()
    await expect(canvas.getByRole('button', { name: 'Sign out' })).toBeVisible()
    await expect(args.onSignedIn).toHaveBeenCalledOnce()
    await expect(args.onSignedIn).toHaveBeenCalledWith(
      expect.objectContaining({ id: '6560a1f0c0ffee00000000a1', username }),
    )
    await expect(canvas.queryByRole('alert')).toBeNull()
  },
}

export const InvalidCredentials: Story = {
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'invalid-credentials' })],
  },
  play: async (context) => {
    await expectFailure(context, 'The username or password is incorrect.')
    await expect(context.canvas.getByRole('button', { name: 'Sign in' })).toBeEnabled()
  },
}

export const Forbidden: Story = {
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'forbidden' })],
  },
  play: async (context) => {
    await expectFailure(
      context,
      'This account is not allowed to sign in here. Ask your Pixwel administrator for access.',
    )
  },
}

/** 429 with `Retry-After: 30`: a countdown, and **Sign in** stays disabled until it ends. */
export const RateLimited: Story = {
  name: 'Rate limited (countdown visible)',
  parameters: {
    msw: [
      createSessionHandler({
        baseURL: storyBaseURL,
        scenario: 'rate-limited',
        retryAfterSeconds: 30,
      }),
    ],
  },
  play: async (context) => {
    const alert = await expectFailure(context, 'Too many sign-in attempts.')
    const { canvas } = context
    await expect(canvas.getByRole('timer')).toHaveTextContent(/^You can try again in \d+ s\.$/)
    await expect(alert).toContainElement(canvas.getByRole('timer'))
    await expect(canvas.getByRole('button', { name: 'Sign in' })).toBeDisabled()
  },
}

/** The password was right, but the account must still pass its second factor. */
export const TwoFactorRequired: Story = {
  render: (args) => <SignInFlow {...args} />,
  parameters: {
    msw: [
      createSessionHandler({
        baseURL: storyBaseURL,
        scenario: 'two-factor-required',
        session: { ...fullSession(), twofactorVerified: false },
      }),
    ],
  },
  play: async (context) => {
    await signIn(context)
    const { canvas, args } = context
    const banner = await canvas.findByRole('status')
    await expect(banner).toHaveTextContent('Two-factor authentication required')
    await expect(canvas.getByRole('heading', { name: 'Ada Example' })).toBeVisible()
    await expect(args.onSignedIn).toHaveBeenCalledWith(
      expect.objectContaining({ twoFactor: { enforced: true, verified: false, required: true } }),
    )
  },
}

/** A 502 with an HTML page from a proxy: one plain sentence, no status code. */
export const ServerError: Story = {
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'server-error' })],
  },
  play: async (context) => {
    const alert = await expectFailure(
      context,
      'Pixwel is having trouble right now. Please try again in a few minutes.',
    )
    await expect(alert).not.toHaveTextContent('502')
  },
}

/** The browser is offline and the request fails before reaching anything. */
export const NetworkOffline: Story = {
  name: 'Network offline',
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'network-error' })],
  },
  beforeEach: browserOnline(false),
  play: async (context) => {
    await expectFailure(context, 'You are offline. Check your connection, then try again.')
  },
}

/** The browser is online but the connection to Pixwel fails. */
export const NetworkUnreachable: Story = {
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'network-error' })],
  },
  // Pinned: on a machine without a network, chromium itself reports offline.
  beforeEach: browserOnline(true),
  play: async (context) => {
    await expectFailure(context, 'Pixwel cannot be reached. Check your connection, then try again.')
  },
}

/** A 200 whose body breaks the contract: the schema rejects it, and nobody is signed in. */
export const MalformedResponse: Story = {
  render: (args) => <SignInFlow {...args} />,
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'malformed' })],
  },
  play: async (context) => {
    await expectFailure(
      context,
      'Pixwel sent an answer this app cannot read. Please try again later.',
    )
    await expect(context.canvas.queryByRole('button', { name: 'Sign out' })).toBeNull()
  },
}

/**
 * A newer API (or the proxy) sends a field the contract does not know and retypes a cosmetic
 * one. A client made with `contract: 'tolerant'` signs in, with the retyped field at its
 * default, and reports both drifts by path.
 */
export const DriftedAnswerTolerant: Story = {
  render: (args) => (
    <>
      <SignInFlow {...args} />
      <DriftReport />
    </>
  ),
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'drifted' })],
    pixwel: { client: () => createPixwelClient({ baseURL: storyBaseURL, contract: 'tolerant' }) },
  },
  play: async (context) => {
    await signIn(context)
    const { canvas } = context
    await expect(await canvas.findByRole('button', { name: 'Sign out' })).toBeVisible()
    const report = within(canvas.getByRole('region', { name: 'Contract drift' }))
    await expect(report.getByText('lastSeenRegion')).toBeVisible()
    await expect(report.getByText('preferences.reports.workRequests.dashboard[0].x')).toBeVisible()
    await expect(report.getAllByRole('listitem')).toHaveLength(2)
  },
}

/** The API answers after the client's timeout (here 1 s): the request is given up. */
export const Timeout: Story = {
  parameters: {
    msw: [createSessionHandler({ baseURL: storyBaseURL, scenario: 'slow', delayMs: 3_600_000 })],
    // Long enough that the click has finished before the alert takes the focus.
    pixwel: { timeoutMs: 1_000 },
  },
  play: async (context) => {
    await expectFailure(context, 'Pixwel took too long to answer. Please try again.')
  },
}
