import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import { PreferencesPanel } from '../demo/components/PreferencesPanel.js'
import { fullSession, sparseSession } from './support/storySessions.js'

/** The signed-in user's preferences, read from the cache by `usePreferences()`. */
const meta = {
  title: 'Session/PreferencesPanel',
  component: PreferencesPanel,
} satisfies Meta<typeof PreferencesPanel>

export default meta
type Story = StoryObj<typeof meta>

/** Mail frequencies, ingest settings, contact lists and the dashboard layout. */
export const Preferences: Story = {
  parameters: { pixwel: { session: fullSession() } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('heading', { level: 2, name: 'Preferences' })).toBeVisible()
    await expect(canvas.getByText('Email notifications are on.')).toBeVisible()
    const mail = canvas.getByRole('table')
    const row = (about: string) => within(mail).getByRole('row', { name: new RegExp(`^${about} `) })
    await expect(row('Projects')).toHaveTextContent('Immediately')
    await expect(row('Assets')).toHaveTextContent('Hourly')
    await expect(row('Ingest')).toHaveTextContent('Weekly')
    await expect(row('Workflow')).toHaveTextContent('Every 2 hours')
    await expect(row('Offline comments')).toHaveTextContent('Off')
    await expect(canvas.getByText('Marketing')).toBeVisible()
    const dashboard = canvas.getByRole('list', { name: 'Work-request dashboard panels' })
    await expect(within(dashboard).getAllByRole('listitem')).toHaveLength(3)
    await expect(canvas.getByText('Hidden charts: map, languages')).toBeVisible()
  },
}

/** A user whose session carries no preferences: the library's defaults. */
export const Defaults: Story = {
  parameters: { pixwel: { session: sparseSession() } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('No contact lists.')).toBeVisible()
    await expect(canvas.getByText('Default layout.')).toBeVisible()
    await expect(canvas.getByText('Hidden charts: none')).toBeVisible()
  },
}

/** Signed out: the panel renders nothing. */
export const SignedOut: Story = {
  play: async ({ canvasElement }) => {
    await expect(canvasElement).toBeEmptyDOMElement()
  },
}
