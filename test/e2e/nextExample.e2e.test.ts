/**
 * `examples/next-app-router`, as a user builds it: the library packed (`npm pack`), the example
 * installed from the tarball and built with `next build` (a Server Component layout rendering
 * `PixwelProvider`, a client page, a route handler on `pixwel-react/core`), then served by
 * `next start` and signed in through in Chromium against the embedded API: a password, a
 * two-factor user through the demo mailbox's link and through an expiry (a 15-second lifetime
 * in this build), and a kept token restored, or not, on reload.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../server/startDemoServer.js'
import type { PixwelServer } from '../../server/startPixwelServer.js'
import {
  demoPassword,
  demoTwoFactorToken,
  twoFactorRoutes,
  type TwoFactorMessage,
} from '../../src/testing/index.js'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'
import { answerRevoked } from '../support/revokedSession'

const root = fileURLToPath(new URL('../..', import.meta.url))
const example = `${root}examples/next-app-router`
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
/** The two-factor lifetime the example is built with, and the demo API's links live. */
const lifetimeMs = 15_000
const twoFactorUser = 'two-factor@example.com'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0)
      })
    })
  })
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  execFileSync(command, args, {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: 'pipe',
  })
}

describe('the Next.js App Router example', () => {
  let api: PixwelServer
  let next: ChildProcess | undefined
  let url: string
  let browser: Browser

  beforeAll(async () => {
    api = await startDemoServer({
      port: 0,
      bcryptCost: 4,
      linkTtlMs: lifetimeMs,
      log: () => undefined,
    })
    // As the README says: the root's build (npm test ran it), then the package as a tarball.
    run(npm, ['pack', '--silent'], root)
    rmSync(`${example}/node_modules/pixwel-react`, { recursive: true, force: true })
    run(npm, ['install', '--no-fund', '--no-audit'], example)
    run(npm, ['run', 'build'], example, {
      NEXT_PUBLIC_PIXWEL_API_URL: api.url,
      NEXT_PUBLIC_PIXWEL_TWO_FACTOR_LIFETIME_MS: String(lifetimeMs),
    })
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    next = spawn(
      process.execPath,
      [
        `${example}/node_modules/next/dist/bin/next`,
        'start',
        '-H',
        '127.0.0.1',
        '-p',
        String(port),
      ],
      { cwd: example, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }, stdio: 'pipe' },
    )
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('next start did not become ready')), 60_000)
      next?.stdout?.on('data', (chunk: Buffer) => {
        if (/Ready/i.test(chunk.toString())) {
          clearTimeout(timer)
          resolve()
        }
      })
      next?.once('exit', (code) => {
        reject(new Error(`next start exited with ${String(code)}`))
      })
    })
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
  }, 300_000)

  afterAll(async () => {
    await browser?.close()
    next?.kill()
    await api?.close()
  })

  it('renders the Server Component layout and signs in through the client page', async () => {
    const page = await browser.newPage()
    page.setDefaultTimeout(20_000)
    const errors: Error[] = []
    page.on('pageerror', (error) => errors.push(error))
    await page.goto(url)
    await page.getByRole('heading', { name: 'Sign in to Pixwel' }).waitFor()
    await page.getByLabel('Username', { exact: true }).fill('demo@example.com')
    await page.getByLabel('Password', { exact: true }).fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('alert').getByText('The username or password is incorrect.').waitFor()
    await page.getByLabel('Password', { exact: true }).fill(demoPassword)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('heading', { name: 'Hello Dana Demo' }).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in to Pixwel' }).waitFor()
    expect(errors).toEqual([])
    await page.close()
  })

  /** Signs the two-factor user in with the password: the page asks for the emailed link. */
  async function signInTwoFactor(page: Page) {
    await page.getByLabel('Username', { exact: true }).fill(twoFactorUser)
    await page.getByLabel('Password', { exact: true }).fill(demoPassword)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await page.getByRole('heading', { name: 'Check your email' }).waitFor()
    await page
      .getByRole('status')
      .filter({ hasText: 'Waiting for you to open the link…' })
      .waitFor()
  }

  const seconds = (text: string) => {
    const [minutes = 0, rest = 0] = text.split(':').map(Number)
    return minutes * 60 + rest
  }

  it('signs a two-factor user out when the link expires, and in once it is opened', async () => {
    const page = await browser.newPage()
    page.setDefaultTimeout(20_000)
    const errors: Error[] = []
    page.on('pageerror', (error) => errors.push(error))
    await page.goto(url)
    await page.getByRole('heading', { name: 'Sign in to Pixwel' }).waitFor()

    // Nobody opens the link: the time left runs out, the page says why it signed out.
    await signInTwoFactor(page)
    const timer = page.getByRole('timer', { name: 'Time left to open the link' })
    expect(seconds(await timer.innerText())).toBeLessThanOrEqual(lifetimeMs / 1000)
    expect(seconds(await timer.innerText())).toBeGreaterThan(0)
    await page
      .getByRole('status')
      .filter({ hasText: 'The verification link expired. Please sign in again.' })
      .waitFor({ timeout: lifetimeMs + 15_000 })
    await page.getByRole('heading', { name: 'Sign in to Pixwel' }).waitFor()

    // Cancel leaves the wait at once.
    await signInTwoFactor(page)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByRole('heading', { name: 'Sign in to Pixwel' }).waitFor()

    // This time the user opens the newest link in the demo mailbox: the page signs in by itself.
    await signInTwoFactor(page)
    const inbox = await fetch(`${api.url}${twoFactorRoutes.mailbox}`)
    const [newest] = ((await inbox.json()) as TwoFactorMessage[]).filter(
      (message) => message.to === twoFactorUser && message.expiresAt > Date.now(),
    )
    expect(newest).toBeDefined()
    const verification = await browser.newPage()
    await verification.goto(newest!.link)
    await verification.getByRole('heading', { name: 'Sign-in verified' }).waitFor()
    await verification.close()
    await page.getByRole('heading', { name: 'Hello Tomas Twofactor' }).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in to Pixwel' }).waitFor()
    expect(errors).toEqual([])
    await page.close()
  })

  it('restores a kept token on reload, and says so when it cannot', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    await page.goto(url)
    await page.getByLabel('Personal access token').fill(demoTwoFactorToken)
    await page.getByLabel('Keep me signed in on this device').check()
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('heading', { name: 'Hello Tomas Twofactor' }).waitFor()

    // The API holds its answer: the page says it is restoring, never shows the form meanwhile.
    await page.route(`${api.url}/session`, () => undefined)
    await page.reload()
    await page.getByRole('status').filter({ hasText: 'Restoring your session…' }).waitFor()
    expect(await page.getByLabel('Username', { exact: true }).count()).toBe(0)

    // The API cannot be reached: unreachable, not signed out (the token is kept)...
    await page.unroute(`${api.url}/session`)
    await page.route(`${api.url}/session`, (route) => route.abort('connectionrefused'))
    await page.reload()
    await page.getByRole('status').filter({ hasText: 'Can’t reach Pixwel, retrying…' }).waitFor()
    expect(await page.getByLabel('Username', { exact: true }).count()).toBe(0)
    // ...and a revoked token: the form, with the reason.
    await page.unroute(`${api.url}/session`)
    await page.route(`${api.url}/session`, answerRevoked)
    await page.reload()
    await page
      .getByRole('status')
      .filter({ hasText: 'Your saved session could not be restored. Please sign in.' })
      .waitFor()
    await page.getByLabel('Username', { exact: true }).waitFor()
    await page.unroute(`${api.url}/session`)
    await context.close()
  })

  it('answers from a route handler that uses pixwel-react/core', async () => {
    const check = (token: string) =>
      fetch(`${url}/api/health`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    expect(await (await check(demoTwoFactorToken)).json()).toEqual({
      ok: true,
      status: 'signed-in',
    })
    expect(await (await check('pat_nobody')).json()).toEqual({
      ok: false,
      kind: 'invalid-credentials',
    })
  })
})
