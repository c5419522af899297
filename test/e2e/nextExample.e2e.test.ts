/**
 * `examples/next-app-router`, as a user builds it: the library packed (`npm pack`), the example
 * installed from the tarball and built with `next build` (a Server Component layout rendering
 * `PixwelProvider`, a client page, a route handler on `pixwel-react/core`), then served by
 * `next start` and signed in through in Chromium against the embedded API.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../server/startDemoServer.js'
import type { PixwelServer } from '../../server/startPixwelServer.js'
import { demoPassword, demoTwoFactorToken } from '../../src/testing/index.js'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const example = `${root}examples/next-app-router`
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

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
    api = await startDemoServer({ port: 0, bcryptCost: 4 })
    // As the README says: the root's build (npm test ran it), then the package as a tarball.
    run(npm, ['pack', '--silent'], root)
    rmSync(`${example}/node_modules/pixwel-react`, { recursive: true, force: true })
    run(npm, ['install', '--no-fund', '--no-audit'], example)
    run(npm, ['run', 'build'], example, { NEXT_PUBLIC_PIXWEL_API_URL: api.url })
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
    await page.getByLabel('Username').fill('demo@example.com')
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').getByText('The username or password is incorrect.').waitFor()
    await page.getByLabel('Password').fill(demoPassword)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Hello Dana Demo' }).waitFor()
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in to Pixwel' }).waitFor()
    expect(errors).toEqual([])
    await page.close()
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
