import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemoServer } from '../../server/startDemoServer.js'
import type { PixwelServer } from '../../server/startPixwelServer.js'
import { demoPassword, demoTwoFactorToken } from '../../src/testing/index.js'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'
import { signIn, startDemoApp, type DemoApp } from './startDemoApp.js'

const artifacts = fileURLToPath(new URL('../../artifacts/', import.meta.url))

describe('the demo login form in Chromium, against the embedded API', () => {
  let api: PixwelServer
  let app: DemoApp
  let browser: Browser

  beforeAll(async () => {
    // slow@example.com waits long enough that its pending state cannot be missed.
    api = await startDemoServer({ port: 0, bcryptCost: 4, delayMs: 120_000 })
    app = await startDemoApp(api.url)
    if (!existsSync(chromiumPath)) {
      throw new Error(
        `No Chromium at ${chromiumPath}: install Debian's package (apt-get install -y chromium).`,
      )
    }
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
  })
  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await api?.close()
  })

  it('should sign in, sign out, reject a wrong password and flag a two-factor account', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    page.setDefaultTimeout(15_000)
    const uncaught: Error[] = []
    page.on('pageerror', (error) => uncaught.push(error))
    const signIns: number[] = []
    page.on('response', (response) => {
      if (response.request().method() === 'POST' && response.url() === `${api.url}/session`) {
        signIns.push(response.status())
      }
    })
    await page.goto(app.url)

    // A normal user signs in and sees their name and preferences.
    await signIn(page, 'demo@example.com', demoPassword)
    await page.getByRole('heading', { name: 'Dana Demo' }).waitFor()
    await page.getByRole('heading', { name: 'Preferences' }).waitFor()
    expect(await page.getByText('demo@example.com').count()).toBeGreaterThan(0)
    await mkdir(artifacts, { recursive: true })
    await page.screenshot({ path: `${artifacts}e2e-signed-in.png`, fullPage: true })

    // Signing out brings the form back.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('Username', { exact: true }).waitFor()
    expect(await page.getByRole('heading', { name: 'Dana Demo' }).count()).toBe(0)

    // A wrong password gets the human message, and the focus.
    await signIn(page, 'demo@example.com', 'not-the-password')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toBe('The username or password is incorrect.')
    // The alert has no name that a search by label could take for the Username field.
    expect(await page.getByLabel(/username/i).count()).toBe(1)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert')
    await page.screenshot({ path: `${artifacts}e2e-wrong-password.png` })

    // A two-factor account is not shown the app: it is asked to open the emailed link.
    await signIn(page, 'two-factor@example.com', demoPassword)
    await page
      .getByRole('status')
      .filter({ hasText: 'Two-factor authentication required' })
      .waitFor()
    await page.getByRole('heading', { name: 'Check your email' }).waitFor()
    expect(await page.getByRole('heading', { name: 'Tomas Twofactor' }).count()).toBe(0)
    await page.screenshot({ path: `${artifacts}e2e-two-factor.png` })
    await page.getByRole('button', { name: 'Cancel' }).click()
    await page.getByLabel('Username', { exact: true }).waitFor()

    // Every answer came from the embedded API over real HTTP (nothing is mocked in the page).
    expect(signIns).toEqual([200, 401, 200])
    expect(uncaught).toEqual([])
    await page.close()
  })

  /** Signs the two-factor user in with the password, then with its token, kept on the device. */
  async function signInWithKeptToken(page: Page) {
    await signIn(page, 'two-factor@example.com', demoPassword)
    await page.getByLabel('Personal access token').fill(demoTwoFactorToken)
    await page.getByLabel('Keep me signed in on this device').check()
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()
  }

  /** Records, from the first byte of the page on, whether the login form was ever shown. */
  const watchForLoginForm = () => {
    const seen = { login: false }
    ;(window as unknown as { loginSeen: typeof seen }).loginSeen = seen
    new MutationObserver(() => {
      if (document.querySelector('input[name="username"]')) seen.login = true
    }).observe(document, { childList: true, subtree: true })
  }

  it('should restore a kept token session on reload, with no signed-out flash', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    page.setDefaultTimeout(15_000)
    await page.goto(app.url)
    await signInWithKeptToken(page)
    await context.addInitScript(watchForLoginForm)
    await page.reload()
    await page.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()
    expect(
      await page.evaluate(
        () => (window as unknown as { loginSeen: { login: boolean } }).loginSeen.login,
      ),
    ).toBe(false)
    // Only the token was kept: no password, no Basic value.
    const kept = await page.evaluate(() =>
      JSON.stringify(Object.keys(localStorage).map((key) => [key, localStorage.getItem(key)])),
    )
    expect(kept).toContain(demoTwoFactorToken)
    expect(kept).not.toContain(demoPassword)
    expect(kept).not.toMatch(/Basic /)
    await context.close()
  })

  it('should sign out both tabs and forget the token, so a reload of the other tab is signed out', async () => {
    const context = await browser.newContext()
    const first = await context.newPage()
    first.setDefaultTimeout(15_000)
    await first.goto(app.url)
    await signInWithKeptToken(first)
    const second = await context.newPage()
    second.setDefaultTimeout(15_000)
    await second.goto(app.url)
    await second.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()

    await first.getByRole('button', { name: 'Sign out' }).click()
    await second.getByLabel('Username', { exact: true }).waitFor()
    expect(await second.evaluate(() => localStorage.length)).toBe(0)
    await second.reload()
    await second.getByLabel('Username', { exact: true }).waitFor()
    expect(await second.getByRole('heading', { name: 'Tomas Twofactor' }).count()).toBe(0)
    await context.close()
  })

  it('should sign the two-factor user in by itself once the emailed link is opened', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    await page.goto(app.url)
    await signIn(page, 'two-factor@example.com', demoPassword)
    await page.getByRole('heading', { name: 'Check your email' }).waitFor()
    const link = page.getByRole('link', { name: 'Open the verification link' })
    await link.waitFor()
    const [verification] = await Promise.all([context.waitForEvent('page'), link.click()])
    await verification.getByRole('heading', { name: 'Sign-in verified' }).waitFor()
    // Nothing is clicked in the app: it notices the verification by itself.
    await page.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()
    await page.screenshot({ path: `${artifacts}e2e-two-factor-verified.png` })
    await context.close()
  })

  it('should show pending state, and a human message for each refusal', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    page.setDefaultTimeout(15_000)
    await page.goto(app.url)
    const form = page.locator('form')
    const button = page.getByRole('button', { name: 'Sign in' })
    const alert = page.getByRole('alert')

    // While the request is in flight: busy form, disabled button, a polite status.
    expect(await form.getAttribute('aria-busy')).toBe('false')
    await signIn(page, 'slow@example.com', demoPassword)
    await page.locator('form[aria-busy="true"]').waitFor()
    expect(await button.isDisabled()).toBe(true)
    await page.getByText('Signing in…').waitFor()
    await page.reload()

    await signIn(page, 'forbidden@example.com', demoPassword)
    await alert.waitFor()
    expect(await alert.innerText()).toMatch(/^This account is not allowed to sign in here\./)

    await signIn(page, 'malformed@example.com', demoPassword)
    await alert.filter({ hasText: 'cannot read' }).waitFor()
    expect(await alert.innerText()).not.toMatch(/HTTP|\d{3}|Error|at /)

    // A rate limit counts down from Retry-After (30 s) and holds the button meanwhile.
    await signIn(page, 'rate-limited@example.com', demoPassword)
    const timer = page.getByRole('timer')
    await timer.waitFor()
    const first = await timer.innerText()
    expect(first).toMatch(/^You can try again in ([1-9]|[12]\d|30) s\.$/)
    expect(await button.isDisabled()).toBe(true)
    await page.waitForFunction(
      (before) => document.querySelector('[role="timer"]')?.textContent !== before,
      first,
    )
    expect(await timer.innerText()).toMatch(/^You can try again in \d+ s\.$/)
    expect(await alert.innerText()).toContain('Too many sign-in attempts.')
    await page.close()
  })
})
