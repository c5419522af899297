import type { Preview } from '@storybook/react-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'
import { startStoryWorker } from './startStoryWorker.js'
import { pixwelLoader, withPixwel } from './withPixwel.js'

const msw = mswLoader(startStoryWorker)

const preview: Preview = {
  // One after the other (Storybook runs a list of loaders at once): a client that restores a
  // kept session sends its request as it is created, so the story's handlers must be in place.
  loaders: [
    async (context) => {
      const mocked: unknown = await msw(context)
      const pixwel = await pixwelLoader(context)
      return { ...(typeof mocked === 'object' ? mocked : {}), ...pixwel }
    },
  ],
  decorators: [withPixwel],
  parameters: {
    layout: 'padded',
    // Every story is checked with axe, in Storybook and in `vitest run`: a violation fails it.
    a11y: { test: 'error' },
    controls: { expanded: true },
    options: {
      storySort: {
        order: [
          'Introduction',
          'Session',
          ['LoginForm', 'SessionView', 'PreferencesPanel', 'Continuity'],
        ],
      },
    },
  },
}

export default preview
