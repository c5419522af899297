/**
 * The idle sign-out on the demo (`?idle=…&idleWarning=…`, short times), in Chromium: the
 * warning, activity putting it off, the sign-out with its message; and across two tabs of one
 * browser, activity in one keeping the other signed in, and the sign-out reaching both.
 */
import { type Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { pixwelSignedOutMessages } from '../../src/index.js'
import { demoPassword, demoTwoFactorToken } from '../../src/testing/index.js'
import { signIn, useDemoInChromium } from './startDemoApp.js'

describe('the demo’s idle sign-out', () => {
  const demo = useDemoInChromium()

  /** Counts the page's `POST /session` requests. */
  function countSessions(page: Page) {
    const sent = { count: 0 }
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === `${demo.api.url}/session`) sent.count++
    })
    return sent
  }

  const warning = (page: Page) =>
    page.getByRole('alert').filter({ hasText: /You’ll be signed out in \d+ s/ })
  const idleNotice = (page: Page) =>
    page
      .getByRole('form', { name: 'Sign in to Pixwel' })
      .getByRole('status')
      .filter({ hasText: pixwelSignedOutMessages.idle })

  it('should warn, put the warning off on a key press, then sign out with the idle message', async () => {
    const page = await demo.browser.newPage()
    page.setDefaultTimeout(20_000)
    const sessions = countSessions(page)
    await page.goto(`${demo.app.url}?idle=6000&idleWarning=4000`)
    await signIn(page, 'demo@example.com', demoPassword)
    await page.getByRole('heading', { name: 'Dana Demo' }).waitFor()
    expect(sessions.count).toBe(1)

    await warning(page).waitFor()
    await page.keyboard.press('Shift')
    await warning(page).waitFor({ state: 'detached' })
    expect(await page.getByRole('heading', { name: 'Dana Demo' }).count()).toBe(1)

    // No more activity: the warning again, then the sign-out.
    await warning(page).waitFor()
    await idleNotice(page).waitFor()
    expect(await warning(page).count()).toBe(0)
    expect(await page.getByLabel('Username', { exact: true }).count()).toBe(1)
    // The idle clock asked Pixwel nothing.
    expect(sessions.count).toBe(1)
    await page.close()
  })

  it('should keep a tab signed in while the user works in another, and sign both out', async () => {
    const context = await demo.browser.newContext()
    const first = await context.newPage()
    first.setDefaultTimeout(20_000)
    const firstSessions = countSessions(first)
    const url = `${demo.app.url}?idle=8000&idleWarning=4000`
    await first.goto(url)
    // A token kept on the device: the second tab restores it, and follows it.
    await signIn(first, 'two-factor@example.com', demoPassword)
    await first.getByLabel('Personal access token').fill(demoTwoFactorToken)
    await first.getByLabel('Keep me signed in on this device').check()
    await first.getByRole('button', { name: 'Sign in with token' }).click()
    await first.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()

    const second = await context.newPage()
    second.setDefaultTimeout(20_000)
    const secondSessions = countSessions(second)
    await second.goto(url)
    await second.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()
    const sent = firstSessions.count + secondSessions.count

    // Twelve seconds of work in the second tab only (the timeout is eight): the first stays.
    for (let i = 0; i < 6; i++) {
      await second.mouse.click(2, 2)
      await second.waitForTimeout(2_000)
    }
    await second.keyboard.press('Shift')
    for (const page of [first, second]) {
      expect(await page.getByRole('heading', { name: 'Tomas Twofactor' }).count()).toBe(1)
      expect(await page.getByLabel('Username', { exact: true }).count()).toBe(0)
    }
    expect(firstSessions.count + secondSessions.count).toBe(sent)

    // Then nothing: both tabs warn, and both sign out with the idle message.
    await Promise.all([warning(first).waitFor(), warning(second).waitFor()])
    await Promise.all([idleNotice(first).waitFor(), idleNotice(second).waitFor()])
    for (const page of [first, second]) expect(await warning(page).count()).toBe(0)
    expect(firstSessions.count + secondSessions.count).toBe(sent)
    await context.close()
  })
})
