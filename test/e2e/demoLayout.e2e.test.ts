/**
 * The demo page as a phone shows it (375 px wide) and as a desktop does: in every state, nothing
 * covers anything else, buttons keep their label on one line, email addresses are never split
 * ("two-/factor@…"), and nothing scrolls sideways. Also what a browser asks for by itself: the
 * page's icon (no 404 on any page) and the verification page's one heading.
 */
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page, type Response } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../server/startDemoServer.js'
import type { PixwelServer } from '../../server/startPixwelServer.js'
import { demoPassword, demoTwoFactorToken } from '../../src/testing/index.js'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'
import { readLayout } from '../support/readLayout.js'
import { signIn, startDemoApp, type DemoApp } from './startDemoApp.js'
import { answerRevoked } from '../support/revokedSession'

const artifacts = fileURLToPath(new URL('../../artifacts/', import.meta.url))

describe('the demo page on a phone and on a desktop', () => {
  let api: PixwelServer
  let app: DemoApp
  let browser: Browser

  beforeAll(async () => {
    api = await startDemoServer({ port: 0, bcryptCost: 4, log: () => undefined })
    app = await startDemoApp(api.url)
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    await mkdir(artifacts, { recursive: true })
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await api?.close()
  })

  /** The layout faults of what is on screen now, scrolled to the top and to the bottom. */
  async function layoutFaults(page: Page, state: string, width: number) {
    await page.evaluate(() => window.scrollTo(0, 0))
    const top = await page.evaluate(readLayout)
    await page.screenshot({ path: `${artifacts}e2e-layout-${width}-${state}.png`, fullPage: true })
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    const bottom = await page.evaluate(readLayout)
    return {
      overlaps: [...new Set([...top.overlaps, ...bottom.overlaps])],
      wrappedButtons: top.wrappedButtons,
      brokenEmails: top.brokenEmails,
      overflow: Math.max(top.overflow, 0),
    }
  }

  it.each([
    [375, 667],
    [1280, 800],
  ])('should lay out every state cleanly at %i px', async (width, height) => {
    const context = await browser.newContext({ viewport: { width, height } })
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    const found: Record<string, Awaited<ReturnType<typeof layoutFaults>>> = {}

    await page.goto(app.url)
    await page.getByLabel('Username', { exact: true }).waitFor()
    found['signed out'] = await layoutFaults(page, 'signed-out', width)

    await signIn(page, 'two-factor@example.com', demoPassword)
    await page.getByRole('link', { name: 'Open the verification link' }).waitFor()
    found['two-factor'] = await layoutFaults(page, 'two-factor', width)

    await page.getByLabel('Personal access token').fill(demoTwoFactorToken)
    await page.getByLabel('Keep me signed in on this device').check()
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()
    found['signed in'] = await layoutFaults(page, 'signed-in', width)

    // Pixwel cannot be reached: the unreachable card, with its retry button.
    await page.route(`${api.url}/session`, (route) => route.abort('connectionrefused'))
    await page.reload()
    await page.getByText('Can’t reach Pixwel, retrying…').waitFor()
    found.unreachable = await layoutFaults(page, 'unreachable', width)

    // The kept token was revoked: the form says so, in its card.
    await page.unroute(`${api.url}/session`)
    await page.route(`${api.url}/session`, answerRevoked)
    await page.reload()
    await page.getByText('Your saved session could not be restored.').waitFor()
    found['restore failed'] = await layoutFaults(page, 'restore-failed', width)

    const clean = { overlaps: [], wrappedButtons: [], brokenEmails: [], overflow: 0 }
    expect(found).toEqual({
      'signed out': clean,
      'two-factor': clean,
      'signed in': clean,
      unreachable: clean,
      'restore failed': clean,
    })
    await context.close()
  })

  it('should load React Query’s devtools only when asked for (?devtools)', async () => {
    // Under Vitest (NODE_ENV=test) the devtools render nothing, so what is checked is whether
    // the page loads them at all: their floating button covers a phone's content.
    const page = await browser.newPage({ viewport: { width: 375, height: 667 } })
    const loaded: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('react-query-devtools')) loaded.push(request.url())
    })
    await page.goto(app.url)
    await page.getByLabel('Username', { exact: true }).waitFor()
    await page.waitForLoadState('networkidle')
    expect(loaded).toEqual([])
    await page.goto(`${app.url}?devtools`)
    await page.getByLabel('Username', { exact: true }).waitFor()
    await expect.poll(() => loaded.length).toBeGreaterThan(0)
    await page.close()
  })

  it('should have an icon on every page, and one "Sign-in verified" on the verification page', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    const failed: string[] = []
    context.on('response', (response: Response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`)
    })

    await page.goto(app.url)
    await page.getByLabel('Username', { exact: true }).waitFor()
    const icons = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]'), (l) => l.href),
    )
    expect(icons.length).toBeGreaterThan(0)
    // The icons the page names, and the one browsers ask for when a page names none.
    for (const icon of [...icons, new URL('/favicon.ico', app.url).href]) {
      const response = await page.request.get(icon)
      expect({ icon, status: response.status() }).toEqual({ icon, status: 200 })
      expect(response.headers()['content-type']).toMatch(/^image\//)
    }

    await signIn(page, 'two-factor@example.com', demoPassword)
    const link = page.getByRole('link', { name: 'Open the verification link' })
    await link.waitFor()
    const [verification] = await Promise.all([context.waitForEvent('page'), link.click()])
    await verification.getByRole('heading', { name: 'Sign-in verified' }).waitFor()
    const text = await verification.locator('body').innerText()
    expect(text.match(/Sign-in verified/g)).toHaveLength(1)
    // Its icon is inline: the API's origin is asked for no /favicon.ico either.
    expect(
      await verification.evaluate(() => document.querySelector('link[rel~="icon"]') !== null),
    ).toBe(true)
    await page.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()
    expect(failed).toEqual([])
    await context.close()
  })
})
