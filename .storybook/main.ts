import type { StorybookConfig } from '@storybook/react-vite'
import type { Channel } from 'storybook/internal/channels'
import { REQUEST_WHATS_NEW_DATA, RESULT_WHATS_NEW_DATA } from 'storybook/internal/core-events'

// `experimental_serverChannel` is a preset hook Storybook applies but does not type.
const config: StorybookConfig & {
  experimental_serverChannel: (channel: Channel) => Channel
} = {
  framework: { name: '@storybook/react-vite', options: {} },
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.tsx'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y', '@storybook/addon-vitest'],
  // The committed MSW worker (msw's postinstall is not allowed to write it).
  staticDirs: ['../public'],
  core: {
    disableTelemetry: true,
    disableWhatsNewNotifications: true,
    enableCrashReports: false,
  },
  // Storybook's dev server fetches storybook.js.org/whats-new whenever the manager opens, even
  // with the notifications off: answer the manager ourselves so nothing leaves the machine.
  experimental_serverChannel: (channel) => {
    channel.removeAllListeners(REQUEST_WHATS_NEW_DATA)
    channel.on(REQUEST_WHATS_NEW_DATA, () => {
      channel.emit(RESULT_WHATS_NEW_DATA, { data: { status: 'ERROR' } })
    })
    return channel
  },
}

export default config
