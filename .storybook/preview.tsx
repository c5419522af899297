import type { Preview } from '@storybook/react-vite'
import { mswLoader } from 'msw-storybook-addon/csf3'
import { startStoryWorker } from './startStoryWorker.js'
import { pixwelLoader, withPixwel } from './withPixwel.js'

const preview: Preview = {
  loaders: [mswLoader(startStoryWorker), pixwelLoader],
  decorators: [withPixwel],
  parameters: {
    layout: 'padded',
    // Every story is checked with axe, in Storybook and in `vitest run`: a violation fails it.
    a11y: { test: 'error' },
    controls: { expanded: true },
    options: {
      storySort: {
        order: ['Introduction', 'Session', ['LoginForm', 'SessionView', 'PreferencesPanel']],
      },
    },
  },
}

export default preview
