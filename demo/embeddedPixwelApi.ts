import type { Plugin, PreviewServer, ViteDevServer } from 'vite'
import { explainListenError } from '../server/explainListenError.js'
import {
  describeDemoAccounts,
  mockPortFromEnv,
  startDemoServer,
} from '../server/startDemoServer.js'

/**
 * Runs the embedded Pixwel API beside the demo's dev (or preview) server, so `npm start` is one
 * command and one process: it starts before the page is served, prints the demo users under
 * Vite's URLs, and stops with the server (Ctrl-C). When `PIXWEL_API_URL` is set the app talks to
 * that API instead, and nothing is started.
 *
 * @example
 * ```ts
 * export default defineConfig({ plugins: [react(), embeddedPixwelApi()] })
 * ```
 */
export function embeddedPixwelApi(): Plugin {
  async function attach(server: ViteDevServer | PreviewServer) {
    const external = process.env.PIXWEL_API_URL
    const { logger } = server.config
    const printUrls = server.printUrls.bind(server)
    if (external) {
      server.printUrls = () => {
        printUrls()
        logger.info(`  ➜  Pixwel API: ${external} (PIXWEL_API_URL; no embedded API started)`)
      }
      return
    }
    let api: Awaited<ReturnType<typeof startDemoServer>>
    try {
      api = await startDemoServer({ port: mockPortFromEnv() })
    } catch (error) {
      throw new Error(explainListenError(error, 'PIXWEL_MOCK_PORT'), { cause: error })
    }
    server.httpServer?.once('close', () => {
      void api.close()
    })
    server.printUrls = () => {
      printUrls()
      logger.info(`  ➜  Pixwel API: ${api.url} (embedded; POST ${api.url}/session)\n`)
      logger.info(describeDemoAccounts())
    }
  }

  return {
    name: 'pixwel:embedded-api',
    configureServer: attach,
    configurePreviewServer: attach,
  }
}
