/** Attacks on the scheduler across tabs: forged refresh times, kept tokens, hidden tabs. */
import { describe, expect, it, vi } from 'vitest'
import { user } from '../support/fakePixwel'
import { ada, api, baseURL, bo, tabs } from './support'

const line = `pixwel-react:${baseURL}`

/** n tabs following ada's kept token, each listening. */
async function signedInTabs(n: number, clientOptions: object = {}) {
  const server = api()
  const kit = tabs({
    count: n,
    clientOptions: { baseURL, adapter: server.adapter, refreshOnFocus: true, ...clientOptions },
  })
  for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
  await kit.tabs[0]?.client.createSession(ada)
  await vi.advanceTimersByTimeAsync(0)
  for (const tab of kit.tabs) expect(tab.client.getSession().session?.id).toBe('ada')
  return { kit, server }
}

/** A page of the same origin posting on the line (a script, a forged tab). */
function forger(kit: ReturnType<typeof tabs>) {
  // Another end of the line on the first tab's page: both clients hear what it posts.
  const channel = kit.tabs[0]?.page.channel(line)
  return (message: object) => channel?.post(message)
}

function keptId(kit: ReturnType<typeof tabs>): string {
  const raw = kit.storage.getItem(`pixwel-react:token:${baseURL}`) as string
  const parsed = JSON.parse(raw) as { kid?: unknown }
  if (typeof parsed.kid !== 'string') throw new Error('no kid kept')
  return parsed.kid
}

describe('one refresh across tabs', () => {
  it('guard: 5 tabs, a focus on each one after the other (1 s apart) → 1 request', async () => {
    vi.useFakeTimers()
    const { kit, server } = await signedInTabs(5)
    await vi.advanceTimersByTimeAsync(60_000)
    const before = server.posts().length
    for (const tab of kit.tabs) {
      tab.focus()
      await vi.advanceTimersByTimeAsync(1_000)
    }
    expect(server.posts().length - before).toBe(1)
  })

  it('fixed (was a defect) storm: 5 tabs get focus in one task (focus and a visibilitychange everywhere at once) → 1 request', async () => {
    vi.useFakeTimers()
    const { kit, server } = await signedInTabs(5)
    await vi.advanceTimersByTimeAsync(60_000)
    const before = server.posts().length
    for (const tab of kit.tabs) tab.focus()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(server.posts().length - before).toBe(1)
  })

  it('guard: tabs on different kept tokens do not space each other', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({
      count: 2,
      persist: false,
      clientOptions: { baseURL, adapter: server.adapter, refreshOnFocus: true },
    })
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    await kit.tabs[0]?.client.createSession(ada)
    await kit.tabs[1]?.client.createSession(bo)
    await vi.advanceTimersByTimeAsync(60_000)
    kit.tabs[0]?.focus()
    await vi.advanceTimersByTimeAsync(1_000)
    kit.tabs[1]?.focus()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(kit.tabs[0]?.requests()).toHaveLength(2)
    expect(kit.tabs[1]?.requests()).toHaveLength(2)
  })

  it('guard: a password tab is not spaced by a kept-token tab, and does not space it', async () => {
    vi.useFakeTimers()
    const server = api((authorization) =>
      authorization.startsWith('Basic') ? { status: 200, body: user('cy') } : undefined,
    )
    const kit = tabs({
      count: 2,
      clientOptions: { baseURL, adapter: server.adapter, refreshOnFocus: true },
    })
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    await kit.tabs[0]?.client.createSession({ username: 'cy', password: 'pw pw pw pw' })
    await kit.tabs[1]?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(60_000)
    kit.tabs[1]?.focus()
    await vi.advanceTimersByTimeAsync(1_000)
    kit.tabs[0]?.focus()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(kit.tabs[0]?.requests()).toHaveLength(2)
    expect(kit.tabs[1]?.requests()).toHaveLength(2)
    expect(kit.tabs[0]?.client.getSession().session?.id).toBe('cy')
  })

  it('guard: the tab that refreshed closes mid-request → another tab refreshes on its interval within a bounded time', async () => {
    vi.useFakeTimers()
    const { kit, server } = await signedInTabs(3, { refreshIntervalMs: 60_000 })
    const first = kit.tabs[0]
    await vi.advanceTimersByTimeAsync(30_000)
    first?.focus()
    await vi.advanceTimersByTimeAsync(250)
    expect(first?.requests()).toHaveLength(2)
    first?.close()
    const before = server.posts().length
    await vi.advanceTimersByTimeAsync(70_000)
    expect(server.posts().length - before).toBeGreaterThanOrEqual(1)
  })
})

describe('forged refreshed messages', () => {
  for (const [name, at] of [
    ['a future at', () => Date.now() + 10 * 365 * 86_400_000],
    ['NaN', () => NaN],
    ['Infinity', () => Infinity],
    ['a huge number', () => Number.MAX_VALUE],
    ['a string', () => String(Date.now())],
    ['a negative number', () => -1e300],
  ] as const) {
    it(`guard: a refreshed with ${name} does not silence the next focus refresh`, async () => {
      vi.useFakeTimers()
      const { kit } = await signedInTabs(2)
      const post = forger(kit)
      await vi.advanceTimersByTimeAsync(60_000)
      post({ type: 'refreshed', at: at(), kid: keptId(kit) })
      await vi.advanceTimersByTimeAsync(250)
      kit.tabs[1]?.focus()
      await vi.advanceTimersByTimeAsync(250)
      expect(kit.tabs[1]?.requests().length).toBe(1)
    })
  }

  it('guard: a refreshed with the wrong kid, or polluted prototype, does not space the tabs', async () => {
    vi.useFakeTimers()
    const { kit } = await signedInTabs(2)
    const post = forger(kit)
    await vi.advanceTimersByTimeAsync(60_000)
    post({ type: 'refreshed', at: Date.now(), kid: 'not-the-kid' })
    post(
      JSON.parse(
        `{"type":"refreshed","__proto__":{"at":${Date.now()},"kid":"${keptId(kit)}"}}`,
      ) as object,
    )
    await vi.advanceTimersByTimeAsync(250)
    kit.tabs[1]?.focus()
    await vi.advanceTimersByTimeAsync(250)
    expect(kit.tabs[1]?.requests().length).toBe(1)
  })

  it('guard: a forged refreshed with an at just now only silences for the spacing, not forever', async () => {
    vi.useFakeTimers()
    const { kit } = await signedInTabs(2)
    const post = forger(kit)
    await vi.advanceTimersByTimeAsync(60_000)
    post({ type: 'refreshed', at: Date.now(), kid: keptId(kit) })
    await vi.advanceTimersByTimeAsync(250)
    kit.tabs[1]?.focus()
    await vi.advanceTimersByTimeAsync(11_000)
    kit.tabs[1]?.hide()
    kit.tabs[1]?.focus()
    await vi.advanceTimersByTimeAsync(250)
    expect(kit.tabs[1]?.requests().length).toBe(1)
  })

  it('guard: forged garbage of every shape throws nothing and changes no tab', async () => {
    vi.useFakeTimers()
    const { kit } = await signedInTabs(2)
    const post = forger(kit)
    for (const message of [
      { type: 'refreshed' },
      { type: 'session', kid: keptId(kit) },
      { type: 'session', kid: keptId(kit), session: null },
      { type: 'kept', kid: keptId(kit), session: [] },
      { type: 'idle:activity', at: 'x' },
      { type: 'idle:activity', at: NaN },
      { type: 'idle:warning', at: Infinity },
      { type: 'constructor' },
      { type: '__proto__' },
      { type: 'hasOwnProperty' },
    ]) {
      post(message)
    }
    await vi.advanceTimersByTimeAsync(250)
    // A non-string kid on a signed-out: a kid of null means "a password / none": does it sign out
    // a kept-token tab? (It should not, nor should garbage.)
    expect(kit.tabs[1]?.client.getSession().status).toBe('signed-in')
  })
})

describe('hidden tab, rate limit, online', () => {
  it('guard: a hidden tab holds its interval refresh; one check when shown', async () => {
    vi.useFakeTimers()
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const { kit } = await signedInTabs(1, { refreshIntervalMs: 60_000, refreshOnFocus: false })
    kit.tabs[0]?.hide()
    await vi.advanceTimersByTimeAsync(300_000)
    expect(kit.tabs[0]?.requests()).toHaveLength(1)
    kit.tabs[0]?.show()
    await vi.advanceTimersByTimeAsync(250)
    expect(kit.tabs[0]?.requests()).toHaveLength(2)
  })

  it('fixed (was a minor defect) forged: a signed-out whose kid is not a string (42) is read as "no keep" and signs out every kept-token tab', async () => {
    vi.useFakeTimers()
    const { kit } = await signedInTabs(2)
    const post = forger(kit)
    post({ type: 'signed-out', kid: 42 })
    await vi.advanceTimersByTimeAsync(250)
    expect(kit.tabs[1]?.client.getSession().status).toBe('signed-in')
  })

  it('fixed (was a defect) rate-limit: a 429 with Retry-After pauses a two-factor poll even when the user comes back to the tab', async () => {
    vi.useFakeTimers()
    let count = 0
    const server = api(() => {
      count++
      if (count === 2) return { status: 429, headers: { 'retry-after': '120' } }
      return { status: 200, body: user('ada', { twoFactor: true }) }
    })
    const kit = tabs({
      count: 1,
      persist: false,
      clientOptions: { baseURL, adapter: server.adapter },
    })
    const tab = kit.tabs[0]
    await tab?.client.createSession(ada)
    const wait = tab?.client.waitForTwoFactor({ intervalMs: 1_000 }).catch(() => 'ended')
    await vi.advanceTimersByTimeAsync(1_000) // the 429
    expect(server.posts()).toHaveLength(2)
    tab?.hide()
    tab?.show() // back from the mailbox, within the Retry-After
    await vi.advanceTimersByTimeAsync(250)
    expect(server.posts()).toHaveLength(2)
    kit.dispose()
    await wait
  })

  it('guard: two-factor polls slow down while hidden, and one goes at once when shown', async () => {
    vi.useFakeTimers()
    const server = api(() => ({ status: 200, body: user('ada', { twoFactor: true }) }))
    const kit = tabs({
      count: 1,
      persist: false,
      clientOptions: { baseURL, adapter: server.adapter },
    })
    const tab = kit.tabs[0]
    await tab?.client.createSession(ada)
    const wait = tab?.client.waitForTwoFactor({ intervalMs: 1_000 }).catch(() => 'ended')
    tab?.hide()
    await vi.advanceTimersByTimeAsync(1_000) // the timer armed before hiding
    const hiddenStart = server.posts().length
    await vi.advanceTimersByTimeAsync(10_000)
    const hiddenPolls = server.posts().length - hiddenStart
    expect(hiddenPolls).toBeLessThanOrEqual(3)
    const before = server.posts().length
    tab?.show()
    await vi.advanceTimersByTimeAsync(250)
    expect(server.posts().length - before).toBe(1)
    kit.dispose()
    await wait
  })

  it('fixed (was a defect) storm: online after offline while signed in (every tab hears online at once): one refresh, not one per tab', async () => {
    vi.useFakeTimers()
    const { kit, server } = await signedInTabs(4)
    await vi.advanceTimersByTimeAsync(60_000)
    kit.offline()
    kit.online()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(server.posts().length).toBe(1 + 1)
  })
})
