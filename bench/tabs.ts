// Request counts of several tabs of the demo in Chromium (issue 20): a focus on each of 5 tabs,
// and a 10-minute idle day of 5 tabs refreshing every minute. The baseline is the per-tab
// behaviour measured in the same run: the same 5 tabs, each in its own browser context, where
// no BroadcastChannel message crosses, so that each tab refreshes on its own.
import { resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { createServer } from 'vite'
import { startDemoServer } from '../server/startDemoServer.js'
import { demoPassword, demoTwoFactorToken } from '../src/testing/demoAccounts.js'
import { chromiumArgs, chromiumPath } from '../test/support/chromium.js'
import { times, verdict, type Row } from './report.js'

const tabs = 5
/** The idle day: 10 minutes, a refresh interval of a minute. */
const dayMs = 600_000
const intervalMs = 60_000
/**
 * The day moves in steps of fake time, every tab's clock to the same instant at each step,
 * and the network settles between steps. Two tabs whose timers fall in the same step both
 * refresh (neither heard the other yet): a small overcount that real tabs, whose messages
 * cross within a millisecond, would not make.
 */
const stepMs = 250
/** Tabs in contexts of their own hear nothing of each other: coarser steps count the same. */
const ownStepMs = 1_000

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>

/** Counts a context's `POST /session` requests, and waits until none is under way. */
function watchSessionPosts(context: BrowserContext, sessionURL: string) {
  let sent = 0
  let pending = 0
  const isPost = (request: { url(): string; method(): string }) =>
    request.method() === 'POST' && request.url() === sessionURL
  context.on('request', (request) => {
    if (!isPost(request)) return
    sent++
    pending++
  })
  const done = (request: { url(): string; method(): string }) => {
    if (isPost(request)) pending--
  }
  context.on('requestfinished', done)
  context.on('requestfailed', done)
  return {
    sent: () => sent,
    async settled(): Promise<void> {
      const deadline = Date.now() + 20_000
      while (pending > 0) {
        if (Date.now() > deadline) throw new Error('A POST /session did not settle in 20 s')
        await new Promise((done) => setTimeout(done, 5))
      }
    },
  }
}

/** The window's focus, dispatched in the page (headless Chromium fires none of its own). */
function focus(page: Page): Promise<void> {
  return page.evaluate(async () => {
    window.dispatchEvent(new Event('focus'))
    // The tabs claim a refresh for 200 ms before one goes.
    await new Promise((done) => setTimeout(done, 400))
  })
}

/** Signs the two-factor user in with its token, kept: the storage every tab restores from. */
async function keptSignIn(browser: Browser, url: string): Promise<StorageState> {
  const context = await browser.newContext()
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  await page.goto(url)
  await page.getByLabel('Username', { exact: true }).fill('two-factor@example.com')
  await page.getByLabel('Password', { exact: true }).fill(demoPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByLabel('Personal access token').fill(demoTwoFactorToken)
  await page.getByLabel('Keep me signed in on this device').check()
  await page.getByRole('button', { name: 'Sign in with token' }).click()
  await page.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()
  const state = await context.storageState()
  await context.close()
  return state
}

/** Opens a tab at `url` and waits until it has restored the kept session. */
async function openTab(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  await page.goto(url)
  await page.getByRole('heading', { name: 'Tomas Twofactor' }).waitFor()
  return page
}

/**
 * 5 tabs: in one context (`shared`), or each in its own. Runs `measure` on them and returns
 * the `POST /session` requests it sent (not the restores that opened the tabs).
 */
async function withTabs(
  browser: Browser,
  options: {
    shared: boolean
    state: StorageState
    url: string
    sessionURL: string
    clock: boolean
  },
  measure: (
    tabs: { page: Page; context: BrowserContext }[],
    settled: () => Promise<void>,
  ) => Promise<void>,
): Promise<number> {
  const contexts: BrowserContext[] = []
  const newContext = async () => {
    const context = await browser.newContext({ storageState: options.state })
    // Installed before the page loads: every timer of the app runs on the fake clock.
    if (options.clock) await context.clock.install({ time: start })
    contexts.push(context)
    return context
  }
  try {
    const shared = options.shared ? await newContext() : undefined
    const opened: { page: Page; context: BrowserContext }[] = []
    const watchers: ReturnType<typeof watchSessionPosts>[] = []
    for (let i = 0; i < tabs; i++) {
      const context = shared ?? (await newContext())
      if (!shared || i === 0) watchers.push(watchSessionPosts(context, options.sessionURL))
      opened.push({ page: await openTab(context, options.url), context })
    }
    const settled = async () => {
      for (const watcher of watchers) await watcher.settled()
    }
    await settled()
    const total = () => watchers.reduce((sum, watcher) => sum + watcher.sent(), 0)
    const before = total()
    await measure(opened, settled)
    await settled()
    return total() - before
  } finally {
    for (const context of contexts) await context.close()
  }
}

/** The fake clock's start: any fixed instant. */
const start = Date.UTC(2025, 0, 6, 9, 0, 0)

/** A focus on each tab in turn, the network settling in between (a user going through them). */
async function focusEach(tabs: { page: Page }[], settled: () => Promise<void>): Promise<void> {
  for (const { page } of tabs) {
    await focus(page)
    await settled()
  }
}

/**
 * A day of `dayMs` on the fake clocks of the tabs' contexts, in steps: each step first sets
 * every tab's time to the step's end (so that a refresh one tab announces is never in another
 * tab's future), then runs the timers due in the step, then lets the requests settle.
 */
async function idleDay(
  tabs: { page: Page; context: BrowserContext }[],
  settled: () => Promise<void>,
): Promise<void> {
  const contexts = [...new Set(tabs.map((tab) => tab.context))]
  // The tabs opened in real time: from here, time moves only in steps, each context's from
  // where its clock is (pausing later would fast-forward over timers due in between).
  const now = await Promise.all(
    contexts.map(async (context) => {
      const page = tabs.find((tab) => tab.context === context)!.page
      const time = await page.evaluate(() => Date.now())
      await context.clock.pauseAt(time + 1_000)
      return time + 1_000
    }),
  )
  await settled()
  const step = contexts.length === 1 ? stepMs : ownStepMs
  for (let elapsed = 0; elapsed < dayMs; elapsed += step) {
    await Promise.all(contexts.map((context, i) => context.clock.setFixedTime((now[i]! += step))))
    await Promise.all(contexts.map((context) => context.clock.runFor(step)))
    await settled()
  }
}

export async function tabRows(): Promise<Row[]> {
  const api = await startDemoServer({ port: 0, bcryptCost: 4, log: () => undefined })
  const previous = process.env.PIXWEL_API_URL
  process.env.PIXWEL_API_URL = api.url
  const demo = await createServer({
    configFile: resolve('demo/vite.config.ts'),
    cacheDir: resolve('node_modules/.vite/bench-demo'),
    logLevel: 'warn',
    clearScreen: false,
    server: { port: 0, strictPort: false, watch: null },
  })
  let browser: Browser | undefined
  try {
    await demo.listen()
    if (previous === undefined) delete process.env.PIXWEL_API_URL
    else process.env.PIXWEL_API_URL = previous
    const url = demo.resolvedUrls?.local[0]
    if (!url) throw new Error('The demo dev server did not report its URL')
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    const state = await keptSignIn(browser, url)
    const sessionURL = `${api.url}/session`
    const focusOptions = { state, url, sessionURL, clock: false }
    const focusOurs = await withTabs(browser, { ...focusOptions, shared: true }, focusEach)
    const focusBase = await withTabs(browser, { ...focusOptions, shared: false }, focusEach)
    const dayOptions = {
      state,
      url: `${url}?refreshIntervalMs=${intervalMs}`,
      sessionURL,
      clock: true,
    }
    const dayOurs = await withTabs(browser, { ...dayOptions, shared: true }, idleDay)
    const dayBase = await withTabs(browser, { ...dayOptions, shared: false }, idleDay)
    const intervals = dayMs / intervalMs
    return [
      {
        metric: `tabs: ${tabs} tabs of the demo in Chromium, a focus on each → POST /session`,
        ours: String(focusOurs),
        base: `each tab on its own: ${focusBase}`,
        ratio: times(focusOurs / focusBase),
        target: '1',
        result: verdict(focusOurs === 1),
      },
      {
        metric: `tabs: a 10-minute idle day of ${tabs} tabs, refreshIntervalMs 60000 → POST /session`,
        ours: String(dayOurs),
        base: `each tab on its own: ${dayBase}`,
        ratio: times(dayOurs / dayBase),
        // One refresh per interval across the tabs; the ±10 % jitter of the first tab to fire
        // shortens the interval, and a step may hold two tabs' timers: a little over 10.
        target: `≤ ${intervals + 2} (one per interval)`,
        result: verdict(dayOurs <= intervals + 2),
      },
    ]
  } finally {
    await browser?.close()
    await demo.close()
    await api.close()
  }
}
