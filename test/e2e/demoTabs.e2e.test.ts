/**
 * The demo in several tabs of one browser, as issue 20 asks: a focus on each of 5 tabs sends
 * one refresh, a sign-out and a kept token sign-in in one tab reach the others, and a reload
 * without a network shows `unreachable`, then signs in when the network returns.
 *
 * Headless Chromium treats every page as focused: `page.bringToFront()` fires no `focus` event
 * (measured: none of the 5 pages saw one), so a tab's focus is the window's `focus` event,
 * dispatched in the page, which is what the client listens to.
 */
import { type BrowserContext, type Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { demoPassword, demoTwoFactorToken } from '../../src/testing/index.js'
import { signIn, useDemoInChromium } from './startDemoApp.js'

const user = 'two-factor@example.com'
const name = 'Tomas Twofactor'

describe('the demo in several tabs', () => {
  const demo = useDemoInChromium()

  /** Counts the `POST /session` requests of a context's pages, and those still under way. */
  function watchSessionPosts(context: BrowserContext) {
    const watched = { sent: 0, pending: 0 }
    const isPost = (url: string, method: string) =>
      method === 'POST' && url === `${demo.api.url}/session`
    context.on('request', (request) => {
      if (!isPost(request.url(), request.method())) return
      watched.sent++
      watched.pending++
    })
    const done = (request: { url(): string; method(): string }) => {
      if (isPost(request.url(), request.method())) watched.pending--
    }
    context.on('requestfinished', done)
    context.on('requestfailed', done)
    return {
      get sent() {
        return watched.sent
      },
      /** Waits until no `POST /session` is under way. */
      settled: () => expect.poll(() => watched.pending, { timeout: 20_000 }).toBe(0),
    }
  }

  /** Signs in with the two-factor user's token, kept on this device (the card's own form). */
  async function signInKept(page: Page) {
    await signIn(page, user, demoPassword)
    await page.getByRole('heading', { name: 'Check your email' }).waitFor()
    await page.getByLabel('Personal access token').fill(demoTwoFactorToken)
    await page.getByLabel('Keep me signed in on this device').check()
    await page.getByRole('button', { name: 'Sign in with token' }).click()
    await page.getByRole('heading', { name }).waitFor()
  }

  /** One tab signed in with a kept token, and `count - 1` more opened after: they restore. */
  async function openTabs(context: BrowserContext, count: number): Promise<Page[]> {
    const first = await context.newPage()
    first.setDefaultTimeout(20_000)
    await first.goto(demo.app.url)
    await signInKept(first)
    const pages = [first]
    for (let i = 1; i < count; i++) {
      const page = await context.newPage()
      page.setDefaultTimeout(20_000)
      await page.goto(demo.app.url)
      await page.getByRole('heading', { name }).waitFor()
      pages.push(page)
    }
    return pages
  }

  /**
   * The window's focus, as a user switching to the tab fires it; resolves after a task of the
   * page, by when a refresh it caused has been sent (and its request reported).
   */
  function focus(page: Page): Promise<void> {
    return page.evaluate(async () => {
      window.dispatchEvent(new Event('focus'))
      // The tabs claim a refresh for 200 ms before one goes.
      await new Promise((resolve) => setTimeout(resolve, 400))
    })
  }

  it('should send one refresh for a focus on each of 5 tabs', async () => {
    const context = await demo.browser.newContext()
    const posts = watchSessionPosts(context)
    const pages = await openTabs(context, 5)
    await posts.settled()
    const before = posts.sent
    // The password and token sign-ins, and 4 restores: the tabs were all opened.
    expect(before).toBe(6)
    for (const page of pages) {
      await focus(page)
      await posts.settled()
    }
    expect(posts.sent - before).toBe(1)
    // Past the spacing, a focus that reaches every tab at once (a screen unlocked): the tabs
    // claim it, and one goes.
    await new Promise((resolve) => setTimeout(resolve, 10_500))
    await Promise.all(pages.map((page) => focus(page)))
    await posts.settled()
    expect(posts.sent - before).toBe(2)
    for (const page of pages) expect(await page.getByRole('heading', { name }).count()).toBe(1)
    await context.close()
  })

  it('should carry a sign-out and a kept token sign-in from one tab to the others', async () => {
    const context = await demo.browser.newContext()
    const pages = await openTabs(context, 3)
    const [first, ...others] = pages as [Page, ...Page[]]

    await first.getByRole('button', { name: 'Sign out' }).click()
    for (const page of pages) await page.getByLabel('Username', { exact: true }).waitFor()

    // A password sign-in stays in its tab: the others still show the form while it waits.
    await signIn(first, user, demoPassword)
    await first.getByRole('heading', { name: 'Check your email' }).waitFor()
    for (const page of others) {
      expect(await page.getByLabel('Username', { exact: true }).count()).toBe(1)
    }
    // The token, kept: the open tabs that show the form sign in, without a reload.
    await first.getByLabel('Personal access token').fill(demoTwoFactorToken)
    await first.getByLabel('Keep me signed in on this device').check()
    await first.getByRole('button', { name: 'Sign in with token' }).click()
    try {
      for (const page of pages) await page.getByRole('heading', { name }).waitFor()
    } catch (error) {
      // What each tab shows, and which storage keys it sees (never their values): to tell a
      // tab that missed the message from one that read the storage before the token reached it.
      const seen = await Promise.all(
        pages.map(async (page, i) => {
          const text = (await page.locator('main').innerText()).slice(0, 60).replace(/\s+/g, ' ')
          const keys = await page.evaluate(() => Object.keys(localStorage).join(', '))
          return `tab ${i}: "${text}" (storage: ${keys || 'empty'})`
        }),
      )
      throw new Error(`Not every tab signed in:\n${seen.join('\n')}`, { cause: error })
    }
    await context.close()
  })

  it('should show unreachable for a reload without a network, and sign in when it returns', async () => {
    const context = await demo.browser.newContext()
    const [page] = (await openTabs(context, 1)) as [Page]
    const posts = watchSessionPosts(context)
    // The page itself cannot load offline (the dev server is on the network too): the reload
    // loads it, and the network goes away while its restore waits to be sent.
    let held!: () => void
    const offline = new Promise<void>((resolve) => (held = resolve))
    await context.route(`${demo.api.url}/session`, async (route) => {
      await offline
      await route.continue()
    })
    const reloaded = page.reload()
    // Awaited below; if the poll fails first, its rejection (the page closing) is not unhandled.
    reloaded.catch(() => undefined)
    // The reload goes through Vite's dev server: on a loaded machine the restore takes more
    // than the poll's default second to be sent.
    await expect.poll(() => posts.sent, { timeout: 20_000 }).toBe(1)
    await context.setOffline(true)
    held()
    await reloaded
    await context.unroute(`${demo.api.url}/session`)
    await page
      .getByRole('status')
      .filter({ hasText: 'Can’t reach Pixwel, retrying… Your session is kept on this device.' })
      .waitFor()
    expect(await page.getByLabel('Username', { exact: true }).count()).toBe(0)
    expect(await page.evaluate(() => localStorage.length)).toBeGreaterThan(0)

    // The browser's emulation fires `online`, which the client retries at once on.
    await page.evaluate(() => {
      addEventListener('online', () => document.documentElement.setAttribute('data-online', ''))
    })
    await context.setOffline(false)
    await page.locator('html[data-online]').waitFor({ state: 'attached' })
    await page.getByRole('heading', { name }).waitFor()
    await context.close()
  })
})
