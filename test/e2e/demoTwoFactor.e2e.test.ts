/**
 * The demo's two-factor user, tried the way a visitor tries it: again and again in one run of
 * the embedded API (the emailed link, then the token kept on the device, then the card once
 * more), with the card saying that it waits and how long the link has left.
 */
import { type Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPassword, demoTwoFactorToken } from '../../src/testing/index.js'
import { signIn, useDemoInChromium } from './startDemoApp.js'
import { answerRevoked } from '../support/revokedSession'

const user = 'two-factor@example.com'

describe('the demo’s two-factor user', () => {
  const demo = useDemoInChromium()

  /** Presses a button that signs out, and waits until the demo API has been told. */
  async function signOutWith(page: Page, button: 'Sign out' | 'Cancel') {
    await Promise.all([
      page.waitForResponse(
        (response) => response.url() === `${demo.api.url}/demo/reset` && response.status() === 204,
      ),
      page.getByRole('button', { name: button }).click(),
    ])
    await page.getByLabel('Username', { exact: true }).waitFor()
  }

  it('should show a failed restore inside the sign-in card', async () => {
    const context = await demo.browser.newContext()
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    await page.goto(demo.app.url)
    await signIn(page, user, demoPassword)
    await page.getByLabel('Personal access token').fill(demoTwoFactorToken)
    await page.getByLabel('Keep me signed in on this device').check()
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()

    await page.route(`${demo.api.url}/session`, answerRevoked)
    await page.reload()
    const form = page.getByRole('form', { name: 'Sign in to Pixwel' })
    await form
      .getByRole('status')
      .filter({ hasText: 'Your saved session could not be restored. Please sign in.' })
      .waitFor()
    expect(await form.getByLabel('Username', { exact: true }).count()).toBe(1)
    await context.close()
  })

  it('should meet the two-factor card at every password sign-in, however the last one ended', async () => {
    const context = await demo.browser.newContext()
    const page = await context.newPage()
    page.setDefaultTimeout(20_000)
    await page.goto(demo.app.url)
    const card = page.getByRole('heading', { name: 'Check your email' })
    const signedIn = page.getByRole('heading', { name: 'Tomas Twofactor' })

    // 1. Through the emailed link.
    await signIn(page, user, demoPassword)
    await card.waitFor()
    const link = page.getByRole('link', { name: 'Open the verification link' })
    const [verification] = await Promise.all([context.waitForEvent('page'), link.click()])
    await verification.getByRole('heading', { name: 'Sign-in verified' }).waitFor()
    await verification.close()
    await signedIn.waitFor()
    // A refresh sends the same password: it stays verified until the sign-out.
    await Promise.all([
      page.waitForResponse((response) => response.url() === `${demo.api.url}/session`),
      page.getByRole('button', { name: 'Refresh session' }).click(),
    ])
    await page.getByRole('button', { name: 'Refresh session' }).waitFor()
    expect(await signedIn.count()).toBe(1)
    await signOutWith(page, 'Sign out')

    // 2. The card again, and this time the token, kept on the device.
    await signIn(page, user, demoPassword)
    await card.waitFor()
    await page.getByLabel('Personal access token').fill(demoTwoFactorToken)
    await page.getByLabel('Keep me signed in on this device').check()
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await signedIn.waitFor()
    await signOutWith(page, 'Sign out')

    // 3. The card once more, with one new link only; Cancel ends it.
    await signIn(page, user, demoPassword)
    await card.waitFor()
    await expect.poll(() => link.count()).toBe(1)
    await signOutWith(page, 'Cancel')
    await signIn(page, user, demoPassword)
    await card.waitFor()
    await context.close()
  })

  it('should say that it waits for the link, and count down the time it has left', async () => {
    const page = await demo.browser.newPage()
    page.setDefaultTimeout(20_000)
    await page.goto(demo.app.url)
    await signIn(page, user, demoPassword)
    await page
      .getByRole('status')
      .filter({ hasText: 'Waiting for you to open the link…' })
      .waitFor()
    const timer = page.getByRole('timer', { name: 'Time left to open the link' })
    const first = await timer.innerText()
    // Ten minutes, the link's lifetime, as m:ss.
    expect(first).toMatch(/^(10:00|9:5\d)$/)
    await page.waitForFunction(
      (before) => document.querySelector('[role="timer"]')?.textContent !== before,
      first,
    )
    const seconds = (text: string) => {
      const [minutes = 0, rest = 0] = text.split(':').map(Number)
      return minutes * 60 + rest
    }
    expect(seconds(await timer.innerText())).toBeLessThan(seconds(first))
    await page.close()
  })
})
