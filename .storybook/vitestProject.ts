import { fileURLToPath } from 'node:url'
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin'
import { playwright } from '@vitest/browser-playwright'
import type { TestProjectInlineConfiguration } from 'vitest/config'
import { chromiumArgs, chromiumPath } from '../test/support/chromium.js'

/**
 * The `storybook` Vitest project: every story in `stories/` is a test, rendered in headless
 * Debian chromium, with its play function and an axe check (`parameters.a11y.test`). No
 * Storybook server is needed or started (the plugin only starts one in watch mode, when given
 * a `storybookScript`, and none is).
 *
 * @example
 * ```ts
 * test: { projects: [storybookProject] }
 * ```
 */
export const storybookProject: TestProjectInlineConfiguration = {
  extends: true,
  plugins: [storybookTest({ configDir: fileURLToPath(new URL('.', import.meta.url)) })],
  test: {
    name: 'storybook',
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
}
