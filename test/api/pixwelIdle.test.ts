/**
 * "Idle sign-out, across tabs (opt-in)": `pixwelIdle({ timeoutMs, warningMs })` signs out with
 * reason 'idle' after `timeoutMs` with no user activity in any tab, warns `warningMs` before,
 * and any activity (in any tab) puts it off. Tabs are clients with in-memory pages sharing one
 * channel; the clock is Vitest's.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  pixwelIdle,
  pixwelSignedOutMessage,
  pixwelSignedOutMessages,
  type PixwelClient,
  type PixwelClientEvent,
  type PixwelClientOptions,
  type PixwelPage,
} from '../../src/index'
import { fakePixwel, user } from '../support/fakePixwel'
import { thrown } from '../support/expectFailure'

const token = { token: 'pat_one_0123456789' }
const t0 = Date.UTC(2026, 0, 5, 9)

/** One channel between in-memory tabs, and what was said on it. */
function createBus() {
  const ends = new Set<{ listener?: (data: unknown) => void }>()
  const said: unknown[] = []
  const deliver = (from: object | null, message: unknown) => {
    for (const end of [...ends]) {
      // Asynchronous, as a BroadcastChannel is (a microtask: no timer of the test's own).
      if (end !== from) queueMicrotask(() => ends.has(end) && end.listener?.(message))
    }
  }
  return {
    said,
    /** What the idle extension told the other tabs. */
    idleSaid: () => said.filter((m) => (m as { type?: unknown }).type === 'idle:active'),
    /** A message from some other page on the channel (not a clone: anything goes). */
    inject: (message: unknown) => deliver(null, message),
    page() {
      const activity = new Set<() => void>()
      const page: PixwelPage = {
        hidden: () => false,
        on(type, listener) {
          if (type !== 'activity') return () => undefined
          const own = () => listener()
          activity.add(own)
          return () => activity.delete(own)
        },
        channel() {
          const end: { listener?: (data: unknown) => void } = {}
          ends.add(end)
          return {
            post(message) {
              said.push(message)
              deliver(end, structuredClone(message))
            },
            listen(listener) {
              end.listener = listener
            },
            close: () => ends.delete(end),
          }
        },
      }
      return { page, act: () => [...activity].forEach((listener) => listener()), activity }
    },
  }
}

const clients: PixwelClient[] = []
let bus: ReturnType<typeof createBus>

beforeEach(() => {
  vi.useFakeTimers({ now: t0 })
  bus = createBus()
})

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
})

/** A tab: a client on a page of its own, and the events it told its subscribers. */
function tab(options: PixwelClientOptions & { api?: ReturnType<typeof fakePixwel> } = {}) {
  const { api = fakePixwel(), ...rest } = options
  const { page, act, activity } = bus.page()
  const client = createPixwelClient({
    baseURL: 'https://idle.pixwel.test/api',
    adapter: api.adapter,
    page,
    ...rest,
  })
  clients.push(client)
  const events: PixwelClientEvent[] = []
  client.subscribe((event) => events.push(event))
  const of = (type: PixwelClientEvent['type']) => events.filter((event) => event.type === type)
  return { client, act, activity, api, events, of }
}

const idle = () => pixwelIdle({ timeoutMs: 60_000, warningMs: 10_000 })

describe('pixwelIdle', () => {
  it('warns warningMs before the timeout with the time left, then signs out with reason idle', async () => {
    const here = tab({ idle: idle() })
    await here.client.createSession(token)
    const signedInAt = Date.now()
    await vi.advanceTimersByTimeAsync(49_999)
    expect(here.of('idle-warning')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(here.of('idle-warning')).toEqual([
      {
        type: 'idle-warning',
        signOutAt: signedInAt + 60_000,
        msLeft: 10_000,
        snapshot: here.client.getSession(),
      },
    ])
    expect(here.client.getSession().status).toBe('signed-in')
    await vi.advanceTimersByTimeAsync(9_999)
    expect(here.client.isSignedIn()).toBe(true)
    await vi.advanceTimersByTimeAsync(1)
    const snapshot = here.client.getSession()
    expect(snapshot).toMatchObject({ status: 'signed-out', reason: 'idle', crossTab: false })
    expect(pixwelSignedOutMessage(snapshot)).toBe(pixwelSignedOutMessages.idle)
    expect(here.of('signed-out')).toMatchObject([{ reason: 'idle', crossTab: false }])
    expect(here.of('idle-warning')).toHaveLength(1)
    // The idle clock sends nothing to Pixwel: the sign-in was the only request.
    expect(here.api.posts()).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
    expect(here.activity.size).toBe(0)
  })

  it('without warningMs, signs out without a warning', async () => {
    const here = tab({ idle: pixwelIdle({ timeoutMs: 60_000 }) })
    await here.client.createSession(token)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(here.of('idle-warning')).toHaveLength(0)
    expect(here.of('signed-out')).toMatchObject([{ reason: 'idle' }])
  })

  it('activity puts the sign-out off, and cancels a warning under way', async () => {
    const here = tab({ idle: idle() })
    await here.client.createSession(token)
    await vi.advanceTimersByTimeAsync(30_000)
    here.act()
    // No warning at 50 s: the clock starts from the activity at 30 s.
    await vi.advanceTimersByTimeAsync(49_999)
    expect(here.of('idle-warning')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(here.of('idle-warning')).toMatchObject([{ signOutAt: t0 + 90_000, msLeft: 10_000 }])
    await vi.advanceTimersByTimeAsync(4_000)
    here.act()
    expect(here.of('idle-warning')).toMatchObject([
      { signOutAt: t0 + 90_000, msLeft: 10_000 },
      { signOutAt: null, msLeft: null, snapshot: { status: 'signed-in' } },
    ])
    await vi.advanceTimersByTimeAsync(50_000)
    expect(here.of('idle-warning')).toHaveLength(3)
    expect(here.of('idle-warning')[2]).toMatchObject({ signOutAt: t0 + 144_000, msLeft: 10_000 })
    expect(here.client.isSignedIn()).toBe(true)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(here.of('signed-out')).toHaveLength(1)
    expect(here.api.posts()).toHaveLength(1)
  })

  it('activity in another tab keeps this one signed in, and ends its warning at once', async () => {
    const here = tab({ idle: idle() })
    const there = tab({ idle: idle() })
    await here.client.createSession(token)
    await there.client.createSession(token)
    // Both tabs are warned at 50 s; activity in the other one puts off this one's warning.
    await vi.advanceTimersByTimeAsync(52_000)
    expect(here.of('idle-warning')).toHaveLength(1)
    const told = bus.idleSaid().length
    there.act()
    // A tab in the warning tells the others at once, not after the spacing of its messages.
    expect(bus.idleSaid()).toHaveLength(told + 1)
    await vi.advanceTimersByTimeAsync(0)
    expect(here.of('idle-warning')).toMatchObject([
      { signOutAt: t0 + 60_000 },
      { signOutAt: null, msLeft: null },
    ])
    // An hour of activity in the other tab only, once every 40 s: this one stays signed in.
    for (let i = 0; i < 90; i++) {
      await vi.advanceTimersByTimeAsync(40_000)
      there.act()
    }
    expect(here.client.isSignedIn()).toBe(true)
    expect(there.client.isSignedIn()).toBe(true)
    expect(here.of('idle-warning')).toHaveLength(2)
    expect(here.api.posts()).toHaveLength(1)
    expect(there.api.posts()).toHaveLength(1)
  })

  it('tells the other tabs of activity at most once a second, the latest always', async () => {
    const here = tab({ idle: idle() })
    const there = tab({ idle: idle() })
    await here.client.createSession(token)
    await there.client.createSession(token)
    await vi.advanceTimersByTimeAsync(10_000)
    const told = bus.idleSaid().length
    for (let i = 0; i < 10; i++) {
      there.act()
      await vi.advanceTimersByTimeAsync(90)
    }
    // The first at once, the last one (at 10.81 s) when the second is up.
    await vi.advanceTimersByTimeAsync(2_000)
    expect(bus.idleSaid().slice(told)).toEqual([
      { type: 'idle:active', at: t0 + 10_000 },
      { type: 'idle:active', at: t0 + 10_810 },
    ])
    // `here` took the latest: its warning comes 50 s after it.
    await vi.advanceTimersByTimeAsync(60_810 - 12_900 - 1)
    expect(here.of('idle-warning')).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(here.of('idle-warning')).toMatchObject([{ signOutAt: t0 + 70_810 }])
  })

  it('a tab in the warning tells the others of activity at once, even within a second', async () => {
    const short = () => pixwelIdle({ timeoutMs: 2_000, warningMs: 1_500 })
    const here = tab({ idle: short() })
    const there = tab({ idle: short() })
    await here.client.createSession(token)
    await there.client.createSession(token)
    await vi.advanceTimersByTimeAsync(600)
    expect(here.of('idle-warning')).toHaveLength(1)
    // `there` told the others of its sign-in 600 ms ago, and is in the warning: it tells now.
    there.act()
    await vi.advanceTimersByTimeAsync(0)
    expect(bus.idleSaid().at(-1)).toEqual({ type: 'idle:active', at: t0 + 600 })
    expect(here.of('idle-warning')).toMatchObject([{ signOutAt: t0 + 2_000 }, { signOutAt: null }])
  })

  it('keeps no process alive: every timer it sets is unref’d', async () => {
    const made: { ms: unknown; timer: { hasRef?: () => boolean } }[] = []
    const setTimeout_ = globalThis.setTimeout
    const spy = vi
      .spyOn(globalThis, 'setTimeout')
      .mockImplementation((...args: Parameters<typeof setTimeout>) => {
        const timer = setTimeout_(...args)
        made.push({ ms: args[1], timer: timer })
        return timer
      })
    try {
      const here = tab({ idle: idle() })
      await here.client.createSession(token)
      await vi.advanceTimersByTimeAsync(100)
      here.act()
      // The idle clock's (to the warning, 50 s) and the message's to the other tabs (900 ms).
      const idles = made.filter(({ ms }) => ms === 50_000 || ms === 900)
      expect(idles.map(({ ms }) => ms)).toEqual([50_000, 900, 50_000])
      for (const { timer } of idles) expect(timer.hasRef?.()).toBe(false)
    } finally {
      spy.mockRestore()
    }
  })

  it('signs every tab out with reason idle, one signed-out event each', async () => {
    // One extension for two clients: each has a clock of its own.
    const shared = idle()
    const here = tab({ idle: shared })
    const there = tab({ idle: shared })
    // A tab without pixwelIdle follows the others' idle sign-out too.
    const plain = tab()
    await here.client.createSession(token)
    await there.client.createSession(token)
    await plain.client.createSession(token)
    await vi.advanceTimersByTimeAsync(60_000)
    for (const each of [here, there, plain]) {
      expect(each.of('signed-out')).toMatchObject([{ reason: 'idle' }])
      const snapshot = each.client.getSession()
      expect(snapshot).toMatchObject({ status: 'signed-out', reason: 'idle' })
      expect(pixwelSignedOutMessage(snapshot)).toBe(pixwelSignedOutMessages.idle)
    }
    expect(plain.of('signed-out')).toMatchObject([{ crossTab: true }])
    // Long after, nothing else happens.
    await vi.advanceTimersByTimeAsync(600_000)
    for (const each of [here, there, plain]) expect(each.of('signed-out')).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('a tab whose clock is behind follows the idle sign-out of another with one event', async () => {
    const here = tab({ idle: pixwelIdle({ timeoutMs: 60_000 }) })
    await here.client.createSession(token)
    await vi.advanceTimersByTimeAsync(20_000)
    // Signs in 20 s later: its clock says 60 s after that, but the first tab's sign-out reaches it.
    const later = tab({ idle: pixwelIdle({ timeoutMs: 120_000 }) })
    await later.client.createSession(token)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(here.of('signed-out')).toMatchObject([{ reason: 'idle', crossTab: false }])
    expect(later.of('signed-out')).toMatchObject([{ reason: 'idle', crossTab: true }])
    await vi.advanceTimersByTimeAsync(600_000)
    expect(later.of('signed-out')).toHaveLength(1)
    expect(later.activity.size).toBe(0)
  })

  it('tracks no activity and holds no timer while signed out', async () => {
    const here = tab({ idle: idle() })
    expect(here.activity.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(600_000)
    expect(here.events).toHaveLength(0)
    await here.client.createSession(token)
    expect(here.activity.size).toBe(1)
    here.client.signOut()
    expect(here.activity.size).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
    const told = bus.idleSaid().length
    here.act()
    bus.inject({ type: 'idle:active', at: Date.now() })
    await vi.advanceTimersByTimeAsync(600_000)
    expect(bus.idleSaid()).toHaveLength(told)
    expect(here.of('idle-warning')).toHaveLength(0)
    expect(here.of('signed-out')).toMatchObject([{ reason: 'sign-out' }])
  })

  it('a two-factor sign-in is not timed; its verification starts the clock', async () => {
    let verified = false
    const api = fakePixwel(() => ({ status: 200, body: user('ada', { twoFactor: !verified }) }))
    const here = tab({ idle: idle(), api })
    await here.client.createSession(token)
    expect(here.client.getSession().status).toBe('two-factor-required')
    expect(here.activity.size).toBe(0)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(here.of('idle-warning')).toHaveLength(0)
    verified = true
    await here.client.refreshSession()
    expect(here.client.getSession().status).toBe('signed-in')
    const verifiedAt = Date.now()
    await vi.advanceTimersByTimeAsync(50_000)
    expect(here.of('idle-warning')).toMatchObject([{ signOutAt: verifiedAt + 60_000 }])
  })

  it('a new sign-in starts the clock afresh', async () => {
    const here = tab({ idle: idle() })
    await here.client.createSession(token)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(here.client.getSession()).toMatchObject({ reason: 'idle' })
    await vi.advanceTimersByTimeAsync(300_000)
    await here.client.createSession(token)
    const signedInAt = Date.now()
    await vi.advanceTimersByTimeAsync(49_999)
    expect(here.of('idle-warning')).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(here.of('idle-warning')[1]).toMatchObject({ signOutAt: signedInAt + 60_000 })
  })

  it('a laptop that slept past the deadline signs out as it wakes, whatever wakes it', async () => {
    const here = tab({ idle: idle() })
    const there = tab({ idle: idle() })
    await here.client.createSession(token)
    await there.client.createSession(token)
    await vi.advanceTimersByTimeAsync(20_000)
    // Asleep for an hour: the wall clock moves, the timers do not fire.
    vi.setSystemTime(Date.now() + 3_600_000)
    // The first thing on waking is a key press: too late to count.
    there.act()
    expect(there.client.getSession()).toMatchObject({ status: 'signed-out', reason: 'idle' })
    await vi.advanceTimersByTimeAsync(0)
    expect(here.client.getSession()).toMatchObject({ status: 'signed-out', reason: 'idle' })
    for (const each of [here, there]) {
      expect(each.of('signed-out')).toHaveLength(1)
      expect(each.of('idle-warning')).toHaveLength(0)
    }
  })

  it('a timer that fires late after a sleep signs out at once, without a warning', async () => {
    const here = tab({ idle: idle() })
    await here.client.createSession(token)
    vi.setSystemTime(Date.now() + 3_600_000)
    await vi.advanceTimersByTimeAsync(50_000)
    expect(here.of('idle-warning')).toHaveLength(0)
    expect(here.of('signed-out')).toMatchObject([{ reason: 'idle' }])
  })

  it('garbled or hostile channel messages neither extend nor break the clock', async () => {
    const here = tab({ idle: idle() })
    await here.client.createSession(token)
    await vi.advanceTimersByTimeAsync(10_000)
    const hostile = Object.defineProperty({ type: 'idle:active' }, 'at', {
      enumerable: true,
      get() {
        throw new Error('hostile')
      },
    })
    for (const message of [
      { type: 'idle:active', at: Number.NaN },
      { type: 'idle:active', at: Number.POSITIVE_INFINITY },
      { type: 'idle:active', at: String(Date.now() + 30_000) },
      { type: 'idle:active', at: null },
      { type: 'idle:active' },
      { type: 'idle:active', at: -1 },
      { type: 'idle:active', at: t0 - 1 },
      { type: 'idle:other', at: Date.now() },
      { type: 'IDLE:ACTIVE', at: Date.now() },
      Object.assign(Object.create({ at: Date.now() }) as object, { type: 'idle:active' }),
      hostile,
      { type: 42, at: Date.now() },
      null,
      'idle:active',
    ]) {
      bus.inject(message)
    }
    await vi.advanceTimersByTimeAsync(40_000)
    expect(here.of('idle-warning')).toMatchObject([{ signOutAt: t0 + 60_000 }])
    // A time to come counts as now, not later.
    bus.inject({ type: 'idle:active', at: Date.now() + 10 * 3_600_000 })
    await vi.advanceTimersByTimeAsync(0)
    const now = Date.now()
    expect(here.of('idle-warning')[1]).toMatchObject({ signOutAt: null })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(here.of('idle-warning')[2]).toMatchObject({ signOutAt: now + 60_000 })
    expect(here.of('signed-out')).toMatchObject([{ reason: 'idle' }])
    expect(Date.now()).toBe(now + 60_000)
  })

  it('a message heard after the deadline signs out rather than extending the session', async () => {
    const here = tab({ idle: idle() })
    await here.client.createSession(token)
    vi.setSystemTime(Date.now() + 61_000)
    bus.inject({ type: 'idle:active', at: Date.now() })
    await vi.advanceTimersByTimeAsync(0)
    expect(here.of('signed-out')).toMatchObject([{ reason: 'idle' }])
  })

  it('dispose() leaves no timer, no listener and nothing said', async () => {
    const here = tab({ idle: idle() })
    await here.client.createSession(token)
    await vi.advanceTimersByTimeAsync(10_000)
    here.act()
    await vi.advanceTimersByTimeAsync(100)
    here.act()
    // A trailing message and the warning's timer are pending.
    expect(vi.getTimerCount()).toBeGreaterThan(0)
    here.client.dispose()
    expect(vi.getTimerCount()).toBe(0)
    expect(here.activity.size).toBe(0)
    const said = bus.said.length
    const events = here.events.length
    here.act()
    await vi.advanceTimersByTimeAsync(600_000)
    expect(bus.said).toHaveLength(said)
    expect(here.events).toHaveLength(events)
  })

  it('checks its options: a configuration error for each bad one', () => {
    const bad: unknown[] = [
      undefined,
      null,
      60_000,
      {},
      { timeoutMs: 0 },
      { timeoutMs: -1 },
      { timeoutMs: Number.NaN },
      { timeoutMs: Number.POSITIVE_INFINITY },
      { timeoutMs: 2 ** 31 },
      { timeoutMs: '60000' },
      { timeoutMs: 60_000, warningMs: 0 },
      { timeoutMs: 60_000, warningMs: 60_000 },
      { timeoutMs: 60_000, warningMs: 90_000 },
      { timeoutMs: 60_000, warningMs: null },
      Object.defineProperty({}, 'timeoutMs', {
        get() {
          throw new Error('hostile')
        },
      }),
    ]
    for (const options of bad) {
      thrown(() => pixwelIdle(options as Parameters<typeof pixwelIdle>[0]), 'configuration')
    }
    expect(() => pixwelIdle({ timeoutMs: 2 ** 31 - 1, warningMs: 1 })).not.toThrow()
  })

  it('never reads options from a polluted Object.prototype', () => {
    const proto = Object.prototype as { timeoutMs?: number }
    proto.timeoutMs = 60_000
    try {
      thrown(() => pixwelIdle({} as Parameters<typeof pixwelIdle>[0]), 'configuration')
    } finally {
      delete proto.timeoutMs
    }
  })

  it('the idle options given to the client directly point to pixwelIdle', () => {
    for (const options of [{ idleTimeoutMs: 60_000 }, { idleWarningMs: 10_000 }]) {
      const error = thrown(
        () => createPixwelClient(options as PixwelClientOptions),
        'configuration',
      )
      expect(error.message).toContain('pixwelIdle')
    }
    thrown(() => createPixwelClient({ idle: { start: () => ({}) } }), 'configuration')
  })

  it('does nothing without a page (a server)', async () => {
    const api = fakePixwel()
    const client = createPixwelClient({
      baseURL: 'https://idle.pixwel.test/api',
      adapter: api.adapter,
      idle: idle(),
    })
    clients.push(client)
    await client.createSession(token)
    expect(vi.getTimerCount()).toBe(0)
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(client.isSignedIn()).toBe(true)
  })
})
