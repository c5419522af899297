import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect } from 'storybook/test'
import { SessionView } from '../demo/components/SessionView.js'
import { crowdedSession, fullSession, sparseSession } from './support/storySessions.js'

/**
 * The signed-in user, read from the client by `useSession()`: each story starts signed in
 * (`parameters.pixwel.session`, which the story's client signs in with).
 */
const meta = {
  title: 'Session/SessionView',
  component: SessionView,
} satisfies Meta<typeof SessionView>

export default meta
type Story = StoryObj<typeof meta>

/** Every field the spec describes: territory, groups, roles, two-factor verified, preferences. */
export const FullProfile: Story = {
  parameters: { pixwel: { session: fullSession() } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { level: 1, name: 'Ada Example' })).toBeVisible()
    await expect(canvas.getByText('ada@example.com')).toBeVisible()
    await expect(canvas.getByText('United Kingdom (GB) PAL')).toBeVisible()
    await expect(canvas.getByText('Example Studios')).toBeVisible()
    await expect(canvas.getByText('Trailer Vendors')).toBeVisible()
    await expect(canvas.getByRole('heading', { name: 'Preferences' })).toBeVisible()
    await expect(canvas.queryByRole('status')).toBeNull()
  },
}

/** The sparsest session the spec allows: an id and a username. Every other line falls back. */
export const SparseProfile: Story = {
  parameters: { pixwel: { session: sparseSession() } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { level: 1, name: 'sam@example.com' })).toBeVisible()
    await expect(canvas.getAllByText('None')).toHaveLength(2)
    await expect(canvas.getByText('—')).toBeVisible()
    await expect(canvas.getByText('No contact lists.')).toBeVisible()
    await expect(canvas.getByText('Default layout.')).toBeVisible()
  },
}

/** Twelve groups and eight contact lists: the lists wrap instead of overflowing. */
export const ManyGroupsAndContactLists: Story = {
  parameters: { pixwel: { session: crowdedSession(12, 8) } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Example Group 1')).toBeVisible()
    await expect(canvas.getByText('Example Group 12')).toBeVisible()
    await expect(canvas.getByText('Distribution list 8')).toBeVisible()
    await expect(canvas.getAllByText(/^Distribution list \d+$/)).toHaveLength(8)
  },
}

/** Two-factor enforced and not yet verified: a banner says what is left to do. */
export const TwoFactorRequired: Story = {
  parameters: {
    pixwel: { session: { ...fullSession(), hasEnforced2fa: true, twofactorVerified: false } },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Two-factor authentication required')
  },
}

/** **Sign out** empties the cache: the view has nobody left to show. */
export const SignOut: Story = {
  parameters: { pixwel: { session: fullSession() } },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Sign out' }))
    await expect(canvas.queryByRole('heading', { name: 'Ada Example' })).toBeNull()
    await expect(canvas.queryByRole('button', { name: 'Sign out' })).toBeNull()
  },
}
