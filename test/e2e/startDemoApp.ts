import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startDemoServer } from '../../server/startDemoServer.js'
import type { PixwelServer } from '../../server/startPixwelServer.js'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'
import { createServer, type ViteDevServer } from 'vite'

const demoConfig = fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url))
const cacheDir = fileURLToPath(new URL('../../node_modules/.vite/e2e-demo', import.meta.url))

/** The demo's Vite dev server on a free loopback port, talking to the API at `apiURL`. */
export interface DemoApp {
  url: string
  close(): Promise<void>
}

/**
 * Starts the demo app exactly as `npm start` serves it (same config, same plugins), except that
 * `PIXWEL_API_URL` points it at the test's own API, so the config starts no embedded API.
 */
export async function startDemoApp(apiURL: string): Promise<DemoApp> {
  const previous = process.env.PIXWEL_API_URL
  process.env.PIXWEL_API_URL = apiURL
  let server: ViteDevServer
  try {
    server = await createServer({
      configFile: demoConfig,
      cacheDir,
      logLevel: 'warn',
      clearScreen: false,
      server: { port: 0, strictPort: false, watch: null },
    })
    await server.listen()
  } finally {
    if (previous === undefined) delete process.env.PIXWEL_API_URL
    else process.env.PIXWEL_API_URL = previous
  }
  const url = server.resolvedUrls?.local[0]
  if (!url) throw new Error('The demo dev server did not report its URL')
  return { url, close: () => server.close() }
}

/** Types the credentials into the demo's sign-in form and presses **Sign in**, as a person would. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username', { exact: true }).fill(username)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** The embedded API, the demo served against it, and a Chromium: one per `describe`. */
export interface DemoInChromium {
  readonly api: PixwelServer
  readonly app: DemoApp
  readonly browser: Browser
}

/**
 * Starts the demo's API, the demo and Debian's Chromium before the tests of the `describe` it
 * is called in, and closes them after; the object is filled once they are up.
 */
export function useDemoInChromium(): DemoInChromium {
  const demo = {} as { api: PixwelServer; app: DemoApp; browser: Browser }
  beforeAll(async () => {
    demo.api = await startDemoServer({ port: 0, bcryptCost: 4, log: () => undefined })
    demo.app = await startDemoApp(demo.api.url)
    demo.browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
  })
  afterAll(async () => {
    await demo.browser?.close()
    await demo.app?.close()
    await demo.api?.close()
  })
  return demo
}
