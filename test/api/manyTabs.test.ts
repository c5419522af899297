/**
 * "Many tabs, flaky networks, long working days", played with the test kit's tabs
 * (`createPixwelTabs`): the requests are counted, against a baseline of tabs that do not talk
 * to each other (one kit each, sharing only the storage: every tab on its own).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PixwelClientEvent, PixwelStorage } from '../../src/index'
import {
  createPixwelTabs,
  type PixwelTabs,
  type PixwelTabsClientOptions,
} from '../../src/testing/index'
import { deferred, fakePixwel, user, type FakeAnswer } from '../support/fakePixwel'

const baseURL = 'https://tabs.pixwel.test/api'
const ada = { token: 'pat_ada_0123456789' }
const bo = { token: 'pat_bo_0123456789' }
const kits: PixwelTabs[] = []

afterEach(() => {
  for (const kit of kits.splice(0)) kit.dispose()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** Each token is its own user (`pat_ada_…` is ada); roles are `api.roles`. */
function api(answer?: (authorization: string, index: number) => FakeAnswer | undefined) {
  const state = { roles: [] as string[] }
  const fake = fakePixwel(
    (authorization, index) =>
      answer?.(authorization, index) ?? {
        status: 200,
        body: user(authorization.replace(/^Bearer pat_|_0123456789$/g, ''), {
          overrides: { roles: state.roles },
        }),
      },
  )
  return { ...fake, state }
}

function tabs(options: Parameters<typeof createPixwelTabs>[0]) {
  const kit = createPixwelTabs(options)
  kits.push(kit)
  return kit
}

/** A repeatable Math.random: the jitter varies, the same way every run. */
function seeded(seed: number) {
  let value = seed
  return () => {
    value = (value * 1_103_515_245 + 12_345) % 2 ** 31
    return value / 2 ** 31
  }
}

/**
 * Five tabs signed in with one kept token: the first signs in, the others open after it and
 * restore from the shared storage. With `shared: false`, five kits of one tab each: tabs that
 * never hear each other (every tab on its own, the baseline).
 */
async function fiveTabs(clientOptions: PixwelTabsClientOptions, shared = true) {
  const server = api()
  const options = { ...clientOptions, baseURL, adapter: server.adapter }
  const storage: PixwelStorage = tabs({ count: 0 }).storage
  const kit = shared ? tabs({ count: 0, storage, clientOptions: options }) : undefined
  const open = () => (kit ?? tabs({ count: 0, storage, clientOptions: options })).open()
  const first = open()
  await first.client.createSession(ada)
  const all = [first]
  for (let i = 1; i < 5; i++) all.push(open())
  await vi.advanceTimersByTimeAsync(0)
  for (const tab of all) expect(tab.client.getSession().status).toBe('signed-in')
  // The first sign-in, then one restore per other tab.
  expect(server.posts()).toHaveLength(5)
  return { tabs: all, server }
}

describe('one refresh across tabs', () => {
  it.each([
    [true, 1],
    [false, 5],
  ])(
    'a focus on each of 5 tabs in turn (channel shared: %s) sends %i request(s)',
    async (shared, expected) => {
      vi.useFakeTimers()
      const { tabs: all, server } = await fiveTabs({ refreshOnFocus: true }, shared)
      // One window: the first tab in front, the user goes through the others, one a second.
      for (const tab of all.slice(1)) tab.hide()
      const before = server.posts().length
      for (const [i, tab] of all.entries()) {
        all[i - 1]?.hide()
        tab.focus()
        await vi.advanceTimersByTimeAsync(1_000)
      }
      expect(server.posts().length - before).toBe(expected)
    },
  )

  it.each([
    [true, 10],
    [false, 50],
  ])(
    'a 10-minute idle day of 5 tabs refreshing every minute (channel shared: %s) sends %i requests',
    async (shared, expected) => {
      vi.useFakeTimers()
      vi.spyOn(Math, 'random').mockImplementation(seeded(20))
      const { server } = await fiveTabs({ refreshIntervalMs: 60_000 }, shared)
      const before = server.posts().length
      await vi.advanceTimersByTimeAsync(600_000)
      const sent = server.posts().length - before
      // With the jitter (±10 %) a tab's minute is 54 to 66 s: 9 to 11 a tab in 10 minutes.
      expect(sent).toBeGreaterThanOrEqual(expected - (shared ? 1 : 5))
      expect(sent).toBeLessThanOrEqual(expected + (shared ? 1 : 5))
    },
  )

  it('when the tab that refreshed goes away mid-request, another refreshes after the spacing; nothing hangs', async () => {
    vi.useFakeTimers()
    const held = deferred<{ status: number; body?: unknown }>()
    const server = api((_, index) => (index === 3 ? { hold: held.promise } : undefined))
    const kit = tabs({
      count: 0,
      clientOptions: { baseURL, adapter: server.adapter, refreshOnFocus: true },
    })
    const first = kit.open()
    await first.client.createSession(ada)
    const [second, third] = [kit.open(), kit.open()]
    await vi.advanceTimersByTimeAsync(0)
    await vi.advanceTimersByTimeAsync(10_000)
    // The first tab refreshes (its request is held), then goes away before the answer.
    first.focus()
    await vi.advanceTimersByTimeAsync(250)
    expect(first.requests()).toHaveLength(2)
    first.close()
    // Within the spacing, the others count that refresh as theirs…
    second.focus()
    await vi.advanceTimersByTimeAsync(250)
    expect(kit.requests()).toHaveLength(4)
    // …and once it has passed, the next trigger refreshes: no lock waits for the closed tab.
    await vi.advanceTimersByTimeAsync(10_000)
    second.focus()
    await vi.advanceTimersByTimeAsync(250)
    expect(second.requests()).toHaveLength(2)
    expect(second.client.getSession().status).toBe('signed-in')
    // The closed tab's answer comes at last, to nobody.
    held.resolve({ status: 200, body: user('ada') })
    await vi.advanceTimersByTimeAsync(0)
    expect(third.client.getSession().status).toBe('signed-in')
    expect(server.posts()).toHaveLength(5)
  })
})

describe('every transition reaches the other tabs', () => {
  it('a refresh that changed the session updates the tabs that follow the same kept token, with no request of theirs', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({ count: 0, clientOptions: { baseURL, adapter: server.adapter } })
    const first = kit.open()
    await first.client.createSession(ada)
    const others = [kit.open(), kit.open()]
    await vi.advanceTimersByTimeAsync(0)
    const seen: PixwelClientEvent['type'][] = []
    for (const tab of others) tab.client.subscribe((event) => seen.push(event.type))
    server.state.roles = ['admin']
    await first.client.refreshSession()
    await vi.advanceTimersByTimeAsync(0)
    for (const tab of others) {
      expect(tab.client.getSession().session?.roles).toEqual(['admin'])
      expect(tab.requests()).toHaveLength(1) // its restore only
    }
    expect(seen).toEqual(['updated', 'updated'])
  })

  it('a token sign-in kept in one tab signs in the signed-out tabs from the storage, and another user kept switches the tabs that follow', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({ count: 4, clientOptions: { baseURL, adapter: server.adapter } })
    const [first, ...others] = kit.tabs
    const seen: string[] = []
    for (const tab of others) {
      tab.client.subscribe((event) => seen.push(`${String(tab.id)}:${event.type}`))
    }
    await first?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0)
    for (const tab of kit.tabs) expect(tab.client.getSession().session?.id).toBe('ada')
    expect(server.posts()).toHaveLength(1)
    // They took the token from the storage: their own requests carry it.
    await others[0]?.client.refreshSession()
    expect(server.sent.at(-1)?.authorization).toBe(`Bearer ${ada.token}`)
    // Another user signs in, kept, in the last tab: the others follow, with a signed-in event.
    seen.length = 0
    await others[2]?.client.createSession(bo)
    await vi.advanceTimersByTimeAsync(0)
    for (const tab of kit.tabs) expect(tab.client.getSession().session?.id).toBe('bo')
    expect(seen.sort()).toEqual(['1:signed-in', '2:signed-in', '3:signed-in'])
    expect(server.posts()).toHaveLength(3)
  })

  it('a password sign-in stays in its tab, and a password tab keeps its own session', async () => {
    vi.useFakeTimers()
    const server = api((authorization) =>
      authorization.startsWith('Basic') ? { status: 200, body: user('cy') } : undefined,
    )
    const kit = tabs({ count: 3, clientOptions: { baseURL, adapter: server.adapter } })
    const [first, second, third] = kit.tabs
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    await first?.client.createSession({ username: 'cy@example.com', password: 'secret words' })
    await vi.advanceTimersByTimeAsync(0)
    expect(second?.client.getSession().status).toBe('signed-out')
    expect(third?.client.getSession().status).toBe('signed-out')
    await second?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0)
    expect(first?.client.getSession().session?.id).toBe('cy')
    expect(third?.client.getSession().session?.id).toBe('ada')
    expect(server.posts()).toHaveLength(2)
  })

  it('a sign-out reaches every tab, and forgets the kept token', async () => {
    vi.useFakeTimers()
    const { tabs: all, server } = await fiveTabs({})
    all[2]?.client.signOut()
    await vi.advanceTimersByTimeAsync(0)
    expect(all.map((tab) => tab.client.getSession())).toMatchObject(
      all.map((_, i) => ({ status: 'signed-out', reason: 'sign-out', crossTab: i !== 2 })),
    )
    expect(kits.at(-1)?.storage.getItem(`pixwel-react:token:${baseURL}`)).toBeNull()
    expect(server.posts()).toHaveLength(5)
  })
})

describe('unknown is not signed out', () => {
  it('offline at restore is unreachable; back online, every tab tries once and is signed in', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({ count: 0, clientOptions: { baseURL, adapter: server.adapter } })
    const before = kit.open()
    await before.client.createSession(ada)
    before.close()
    // A reload with the network down.
    kit.offline()
    const all = [kit.open(), kit.open()]
    await vi.advanceTimersByTimeAsync(0)
    for (const tab of all) {
      expect(tab.client.getSession()).toMatchObject({
        status: 'unreachable',
        error: { kind: 'network' },
      })
      expect(tab.requests()).toEqual([expect.objectContaining({ offline: true })])
    }
    expect(kit.storage.getItem(`pixwel-react:token:${baseURL}`)).not.toBeNull()
    const seen: string[] = []
    for (const tab of all) tab.client.subscribe((event) => seen.push(event.type))
    kit.online()
    await vi.advanceTimersByTimeAsync(250)
    for (const tab of all) {
      expect(tab.client.getSession().status).toBe('signed-in')
      expect(tab.requests().map((request) => request.offline)).toEqual([true, false])
    }
    expect(seen).toEqual(['signed-in', 'signed-in'])
    // The sign-in, then one retry per tab: what went out while offline reached nothing.
    expect(server.posts()).toHaveLength(3)
  })
})

describe('hidden tabs', () => {
  it('pause their interval refreshes, and check once when shown', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({
      count: 1,
      clientOptions: { baseURL, adapter: server.adapter, refreshIntervalMs: 60_000 },
    })
    const [tab] = kit.tabs
    await tab?.client.createSession(ada)
    tab?.hide()
    await vi.advanceTimersByTimeAsync(600_000)
    expect(server.posts()).toHaveLength(1)
    tab?.show()
    await vi.advanceTimersByTimeAsync(250)
    expect(server.posts()).toHaveLength(2)
  })

  it('poll for two-factor slower, and once at once when shown again', async () => {
    vi.useFakeTimers()
    let verified = false
    const server = api(() => ({ status: 200, body: user('tomas', { twoFactor: !verified }) }))
    const kit = tabs({ count: 2, clientOptions: { baseURL, adapter: server.adapter } })
    const [tab, other] = kit.tabs
    await tab?.client.createSession({ username: 'tomas@example.com', password: 'horse battery' })
    const waiting = tab?.client.waitForTwoFactor({ intervalMs: 1_000 })
    await vi.advanceTimersByTimeAsync(3_000)
    expect(tab?.requests()).toHaveLength(1 + 3)
    // The user goes to their mailbox, in another tab.
    tab?.hide()
    await vi.advanceTimersByTimeAsync(1_000)
    const hiddenFrom = server.posts().length
    await vi.advanceTimersByTimeAsync(10_000)
    expect(server.posts().length - hiddenFrom).toBeLessThanOrEqual(2)
    verified = true
    tab?.focus()
    await vi.advanceTimersByTimeAsync(250)
    await expect(waiting).resolves.toMatchObject({ id: 'tomas' })
    // A password sign-in stays in its tab: the other tab sent nothing and holds nothing.
    expect(other?.requests()).toHaveLength(0)
    expect(other?.client.getSession().status).toBe('signed-out')
  })
})

describe('a kept token whose write shows late in the other tabs’ storage', () => {
  it('the other tabs read again a little later, and sign in with it', async () => {
    vi.useFakeTimers()
    const server = api()
    // What one tab wrote shows in the others' storage 300 ms later (as between processes).
    const values = new Map<string, string>()
    const late: PixwelStorage = {
      getItem: (key) => values.get(key) ?? null,
      setItem: (key, value) => {
        setTimeout(() => values.set(key, value), 300)
      },
      removeItem: (key) => {
        values.delete(key)
      },
    }
    const kit = tabs({
      count: 2,
      storage: late,
      clientOptions: { baseURL, adapter: server.adapter },
    })
    const [first, second] = kit.tabs
    await first!.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0)
    expect(second!.client.getSession().status).toBe('signed-out')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(second!.client.getSession()).toMatchObject({
      status: 'signed-in',
      session: { id: 'ada' },
    })
    // It took the token from the storage, not from a request of its own.
    expect(second!.requests()).toHaveLength(0)
  })
})
