/**
 * "Why did that happen: a redacted timeline": `pixwelTimeline()` keeps the latest decisions of
 * its client (requests and why, answers, skipped refreshes and why, storage operations,
 * cross-tab messages, changes of status), in words, bounded, frozen, and with no credential,
 * hash, email, username or id in them. Clients as tabs: each its own page, sharing one
 * in-memory channel and one storage.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  pixwelTimeline,
  type PixwelClient,
  type PixwelClientOptions,
  type PixwelPage,
  type PixwelPageEvent,
  type PixwelStorage,
} from '../../src/core'
import { syntheticPasswordHash } from '../../src/testing/index'
import { fakePixwel, user } from '../support/fakePixwel'

const clients: PixwelClient[] = []
let root = ''

beforeEach(() => {
  root = `https://t${Math.random().toString(36).slice(2)}.pixwel.test/api`
})

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
})

/** Tabs' pages: each its own visibility and events, one channel between them all. */
function tabs() {
  const lines = new Set<(data: unknown) => void>()
  return () => {
    let hidden = false
    const listeners = new Map<PixwelPageEvent, Set<() => void>>()
    const page: PixwelPage = {
      hidden: () => hidden,
      on(type, listener) {
        const set = listeners.get(type) ?? new Set()
        listeners.set(type, set)
        set.add(listener)
        return () => void set.delete(listener)
      },
      channel() {
        let heard: ((data: unknown) => void) | undefined
        const line = (data: unknown) => heard?.(data)
        lines.add(line)
        return {
          post(message) {
            const copy = structuredClone(message)
            for (const other of lines) if (other !== line) queueMicrotask(() => other(copy))
          },
          listen: (listener) => void (heard = listener),
          close: () => void lines.delete(line),
        }
      },
    }
    const fire = (type: PixwelPageEvent) => {
      for (const listener of [...(listeners.get(type) ?? [])]) listener()
    }
    return {
      page,
      fire,
      setHidden(value: boolean) {
        hidden = value
        fire('visibilitychange')
      },
    }
  }
}

function memory(): PixwelStorage {
  const items = new Map<string, string>()
  return {
    getItem: (name) => items.get(name) ?? null,
    setItem: (name, value) => void items.set(name, value),
    removeItem: (name) => void items.delete(name),
  }
}

function client(options: PixwelClientOptions) {
  const made = createPixwelClient({ baseURL: root, timeline: pixwelTimeline(), ...options })
  clients.push(made)
  return made
}

const messages = (made: PixwelClient) => made.getTimeline().map((entry) => entry.message)

/** Lets the channel's messages and the answers' promises settle. */
const settled = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

const secrets = {
  username: 'ada.secretusername',
  password: 'Hunter2-correct-horse',
  email: 'ada.secret@studio.example',
  name: 'Ada Secretname',
  id: 'uid5f3e9a7c1b2d',
  tokenA: 'pat_secretA_0123456789',
  token2fa: 'pat_secret2fa_0123456789',
  tokenRevoked: 'pat_secretrevoked_0123456789',
}

describe('pixwelTimeline: options', () => {
  it('takes nothing, or { size } from 1 to 10 000', () => {
    expect(() => pixwelTimeline()).not.toThrow()
    expect(() => pixwelTimeline({})).not.toThrow()
    expect(() => pixwelTimeline({ size: 1 })).not.toThrow()
    expect(() => pixwelTimeline({ size: 10_000 })).not.toThrow()
  })

  it.each([0, -1, 1.5, 10_001, Number.NaN, Infinity, '10', null])(
    'a size of %s is a configuration error',
    (size) => {
      expect(() => pixwelTimeline({ size } as never)).toThrow(
        expect.objectContaining({ kind: 'configuration' }),
      )
    },
  )

  it('options that are not an object, or that throw, are configuration errors', () => {
    for (const options of [5, 'big', null, true]) {
      expect(() => pixwelTimeline(options as never)).toThrow(
        expect.objectContaining({ kind: 'configuration' }),
      )
    }
    const hostile = Object.defineProperty({}, 'size', {
      get() {
        throw new Error('boom')
      },
    })
    expect(() => pixwelTimeline(hostile)).toThrow(
      expect.objectContaining({ kind: 'configuration' }),
    )
  })

  it('a polluted Object.prototype.size is not read', async () => {
    const proto = Object.prototype as { size?: unknown }
    proto.size = 2
    try {
      const made = client({ timeline: pixwelTimeline({}), adapter: fakePixwel().adapter })
      await made.createSession({ token: secrets.tokenA })
      await made.refreshSession()
      expect(made.getTimeline().length).toBeGreaterThan(2)
    } finally {
      delete proto.size
    }
  })

  it('a client without a timeline has an empty one', async () => {
    const made = createPixwelClient({ baseURL: root, adapter: fakePixwel().adapter })
    clients.push(made)
    await made.createSession({ token: secrets.tokenA })
    expect(made.getTimeline()).toEqual([])
  })
})

describe('pixwelTimeline: what it records', () => {
  it('a password sign-in, a refresh the app asked for, an unchanged answer and a sign-out', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
    vi.setSystemTime(1_000_000)
    const api = fakePixwel()
    const made = client({ adapter: api.adapter })
    await made.createSession({ username: 'ada', password: 'pw' })
    await made.refreshSession()
    made.signOut()
    expect(api.posts()).toHaveLength(2)
    expect(made.getTimeline()).toEqual([
      { at: 1_000_000, kind: 'request', message: 'sign-in sent: with a password' },
      { at: 1_000_000, kind: 'request', message: 'sign-in answered: signed in' },
      { at: 1_000_000, kind: 'storage', message: 'forget: the token this tab kept, if still kept' },
      { at: 1_000_000, kind: 'state', message: 'signed-out → signed-in' },
      { at: 1_000_000, kind: 'request', message: 'refresh sent: the app called refreshSession()' },
      { at: 1_000_000, kind: 'request', message: 'refresh answered: unchanged' },
      { at: 1_000_000, kind: 'storage', message: 'forget: the token this tab kept, if still kept' },
      { at: 1_000_000, kind: 'state', message: 'signed-in → signed-out, reason: sign-out' },
      { at: 1_000_000, kind: 'message', message: 'sent to the other tabs: signed out' },
    ])
  })

  it('a kept token: keep, then a restore because a token was kept, then a 401', async () => {
    const storage = memory()
    let revoked = false
    const api = fakePixwel(() => (revoked ? { status: 401 } : { status: 200, body: user('ada') }))
    const first = client({ adapter: api.adapter, persist: storage })
    await first.createSession({ token: secrets.tokenA })
    expect(messages(first)).toContain('sign-in sent: with a token, to be kept')
    expect(messages(first)).toContain('keep: the new token (replacing the kept one)')
    const second = client({ adapter: api.adapter, persist: storage })
    await second.whenRestored()
    expect(messages(second).slice(0, 4)).toEqual([
      'read: a token is kept',
      'restore sent: a token was kept',
      'restore answered: signed in',
      'restoring → signed-in',
    ])
    revoked = true
    await expect(second.refreshSession()).rejects.toMatchObject({ kind: 'unauthorized' })
    expect(messages(second).slice(4)).toEqual([
      'refresh sent: the app called refreshSession()',
      'answer: 401, the credentials are no longer valid',
      'forget: the token this tab kept, if still kept',
      'refresh cancelled',
      'signed-in → signed-out, reason: unauthorized',
    ])
    expect(api.posts()).toHaveLength(3)
  })

  it('two-factor: required, then verified by a poll', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
    let verified = false
    const api = fakePixwel(() => ({ status: 200, body: user('ada', { twoFactor: !verified }) }))
    const made = client({ adapter: api.adapter })
    await made.createSession({ token: secrets.token2fa })
    const waited = made.waitForTwoFactor({ intervalMs: 2_000 })
    verified = true
    await vi.advanceTimersByTimeAsync(2_000)
    await waited
    expect(messages(made)).toEqual(
      expect.arrayContaining([
        'sign-in answered: two-factor required',
        'signed-out → two-factor-required',
        'refresh sent: a two-factor poll',
        'refresh answered: updated',
        'two-factor-required → signed-in',
      ]),
    )
  })

  it('skips say why: another tab refreshed, this tab refreshed, rate-limited, page hidden', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
    vi.setSystemTime(Date.UTC(2026, 0, 1, 12, 0, 0))
    const tab = tabs()
    const [one, two] = [tab(), tab()]
    let limited = false
    const api = fakePixwel(() =>
      limited
        ? { status: 429, headers: { 'retry-after': '120' } }
        : { status: 200, body: user('ada') },
    )
    // Both tabs on one kept token: tabs space their refreshes only on the same keep.
    const storage = memory()
    const here = client({
      adapter: api.adapter,
      page: one.page,
      refreshOnFocus: true,
      persist: storage,
    })
    const there = client({
      adapter: api.adapter,
      page: two.page,
      refreshOnFocus: true,
      persist: storage,
    })
    there.subscribe(() => undefined)
    await here.createSession({ token: secrets.tokenA })
    await vi.advanceTimersByTimeAsync(20_000)
    expect(there.getSession().status).toBe('signed-in')
    one.fire('focus')
    await vi.advanceTimersByTimeAsync(250)
    expect(messages(here)).toContain('refresh sent: the window got focus')
    expect(messages(here)).toContain('sent to the other tabs: this tab refreshed')
    expect(messages(there)).toContain('heard: another tab refreshed 0 s ago')
    await vi.advanceTimersByTimeAsync(2_000)
    two.fire('focus')
    expect(messages(there).at(-1)).toBe('refresh skipped (focus): another tab refreshed 2 s ago')
    await vi.advanceTimersByTimeAsync(2_000)
    one.fire('focus')
    expect(messages(here).at(-1)).toBe('refresh skipped (focus): this tab refreshed 4 s ago')
    const sent = api.posts().length
    // A rate limit holds every trigger until its Retry-After has passed.
    await vi.advanceTimersByTimeAsync(10_000)
    limited = true
    await expect(here.refreshSession()).rejects.toMatchObject({ kind: 'rate-limited' })
    expect(messages(here)).toContain('refresh failed: rate-limited (HTTP 429)')
    await vi.advanceTimersByTimeAsync(20_000)
    one.fire('focus')
    expect(messages(here).at(-1)).toBe(
      'refresh skipped (focus): rate-limited until 12:02:34 UTC (100 s from now)',
    )
    expect(api.posts()).toHaveLength(sent + 1)
  })

  it('an interval held while the page is hidden', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
    const tab = tabs()()
    const { page } = tab
    const api = fakePixwel()
    const made = client({ adapter: api.adapter, page, refreshIntervalMs: 60_000 })
    await made.createSession({ token: secrets.tokenA })
    tab.setHidden(true)
    await vi.advanceTimersByTimeAsync(70_000)
    expect(messages(made).at(-1)).toBe('interval refresh held: page hidden')
    tab.setHidden(false)
    await vi.advanceTimersByTimeAsync(0)
    expect(messages(made)).toContain('refresh sent: the page was shown')
    expect(api.posts()).toHaveLength(2)
  })

  it('an unreachable restore: the failure, the state, the retry and its outcome', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
    const storage = memory()
    let down = false
    const api = fakePixwel(() => (down ? { status: 503 } : { status: 200, body: user('ada') }))
    const first = client({ adapter: api.adapter, persist: storage })
    await first.createSession({ token: secrets.tokenA })
    down = true
    const second = client({ adapter: api.adapter, persist: storage })
    await second.whenRestored()
    expect(messages(second)).toEqual([
      'read: a token is kept',
      'restore sent: a token was kept',
      'restore failed: server (HTTP 503)',
      'restoring → unreachable: server, token kept',
      'restore will be tried again (failure 1)',
    ])
    down = false
    await vi.advanceTimersByTimeAsync(1_200)
    expect(messages(second).slice(5)).toEqual([
      'restore sent again (after 1 failed): a retry after Pixwel could not be reached',
      'restore answered: signed in',
      'unreachable → signed-in',
    ])
    expect(api.posts()).toHaveLength(3)
  })

  it('each client of one pixwelTimeline() has its own timeline', async () => {
    const timeline = pixwelTimeline({ size: 50 })
    const api = fakePixwel()
    const one = client({ adapter: api.adapter, timeline })
    const two = client({ adapter: api.adapter, timeline })
    await one.createSession({ token: secrets.tokenA })
    expect(one.getTimeline().length).toBeGreaterThan(0)
    expect(two.getTimeline()).toEqual([])
  })
})

describe('pixwelTimeline: bounded, frozen, copied', () => {
  it('after 10 000 refreshes it holds at most `size` entries, the latest, oldest first', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
    const api = fakePixwel()
    const made = client({ adapter: api.adapter, timeline: pixwelTimeline({ size: 7 }) })
    await made.createSession({ token: secrets.tokenA })
    for (let i = 0; i < 10_000; i++) {
      if (i % 100 === 0) vi.advanceTimersByTime(1)
      await made.refreshSession()
    }
    expect(api.posts()).toHaveLength(10_001)
    const entries = made.getTimeline()
    expect(entries).toHaveLength(7)
    expect(entries.at(-1)?.message).toBe('refresh answered: unchanged')
    const times = entries.map((entry) => entry.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(times.at(-1)).toBe(Date.now())
  }, 30_000)

  it('the default keeps 100', async () => {
    const api = fakePixwel()
    const made = client({ adapter: api.adapter })
    await made.createSession({ token: secrets.tokenA })
    for (let i = 0; i < 200; i++) await made.refreshSession()
    expect(made.getTimeline()).toHaveLength(100)
  })

  it('entries and the array are frozen; each call is a new copy', async () => {
    const made = client({ adapter: fakePixwel().adapter })
    await made.createSession({ token: secrets.tokenA })
    const entries = made.getTimeline()
    expect(Object.isFrozen(entries)).toBe(true)
    expect(entries.every((entry) => Object.isFrozen(entry))).toBe(true)
    expect(made.getTimeline()).not.toBe(entries)
    expect(made.getTimeline()).toEqual(entries)
    expect(() => (entries as unknown[]).push({})).toThrow(TypeError)
  })
})

describe('pixwelTimeline: redacted', () => {
  it('holds no password, token, Authorization value, hash, email, username, name or id', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
    const polluted = Object.prototype as Record<string, unknown>
    for (const key of ['message', 'kind', 'at', 'until', 'elsewhere', 'error', 'status']) {
      polluted[key] = `${secrets.password}:${key}`
    }
    const overrides = {
      username: secrets.username,
      emailNormal: secrets.email,
      name: secrets.name,
      password: syntheticPasswordHash,
    }
    let roles: string[] = []
    const twoFactor = { verified: false }
    const api = fakePixwel((authorization) => {
      if (authorization.includes('revoked')) return { status: 401 }
      const tfa = authorization.includes('2fa') && !twoFactor.verified
      return {
        status: 200,
        body: user(secrets.id, { twoFactor: tfa, overrides: { ...overrides, roles } }),
      }
    })
    try {
      const storage = memory()
      const tab = tabs()
      const make = () => {
        const { page, fire } = tab()
        return {
          fire,
          client: client({ adapter: api.adapter, persist: storage, page, refreshOnFocus: true }),
        }
      }
      const a = make()
      const b = make()
      const c = make()
      // A password sign-in in one tab; a kept token in another, that the third (signed out) adopts.
      await a.client.createSession({ username: secrets.username, password: secrets.password })
      await b.client.createSession({ token: secrets.tokenA })
      await settled()
      expect(c.client.getSession().status).toBe('signed-in')
      // A restore in a fourth tab, then a refresh that changes roles, shared with the followers.
      const d = make()
      await d.client.whenRestored()
      roles = ['admin']
      await vi.advanceTimersByTimeAsync(20_000)
      b.fire('focus')
      await vi.advanceTimersByTimeAsync(250)
      await vi.advanceTimersByTimeAsync(0)
      expect(c.client.getSession()).toMatchObject({ session: { roles: ['admin'] } })
      // Two-factor, then verified by a poll.
      await a.client.createSession({ token: secrets.token2fa, persist: false })
      const waited = a.client.waitForTwoFactor({ intervalMs: 1_000 })
      twoFactor.verified = true
      await vi.advanceTimersByTimeAsync(1_000)
      await waited
      // A revoked token: 401.
      await expect(d.client.createSession({ token: secrets.tokenRevoked })).rejects.toMatchObject({
        kind: 'invalid-credentials',
      })
      // A sign-out heard by the others.
      b.client.signOut()
      await settled()
      const everything = [a, b, c, d].map(({ client: made }) => made.getTimeline())
      const text = JSON.stringify(everything)
      const base64 = Buffer.from(`${secrets.username}:${secrets.password}`).toString('base64')
      for (const secret of [
        ...Object.values(secrets),
        syntheticPasswordHash,
        '$2a$',
        base64,
        'Bearer',
        'Basic ',
        'pat_',
        'Authorization',
        'secret',
        'uid5f3e',
        '[object Object]',
      ]) {
        expect(text).not.toContain(secret)
      }
      // Each entry has exactly its own three keys, whatever the prototype says.
      for (const entries of everything) {
        for (const entry of entries) {
          expect(Object.keys(entry).sort()).toEqual(['at', 'kind', 'message'])
          expect(typeof entry.at).toBe('number')
          expect(['request', 'skip', 'storage', 'message', 'state']).toContain(entry.kind)
        }
      }
      // And it did record the day: requests, messages both ways, storage, states.
      const all = everything.flat().map((entry) => entry.message)
      for (const line of [
        'sign-in sent: with a password',
        'sign-in sent: with a token, to be kept',
        'sent to the other tabs: a token was kept (they read it from the storage)',
        'heard: another tab kept a new token',
        'read: the token the other tab kept (from the storage, not the channel)',
        'restore sent: a token was kept',
        'refresh sent: the window got focus',
        'sent to the other tabs: the refreshed session',
        'heard: another tab shared its refreshed session',
        'sign-in answered: two-factor required',
        'sign-in failed: invalid-credentials (HTTP 401)',
        'heard: another tab signed out',
      ]) {
        expect(all).toContain(line)
      }
    } finally {
      for (const key of ['message', 'kind', 'at', 'until', 'elsewhere', 'error', 'status']) {
        Reflect.deleteProperty(polluted, key)
      }
    }
  })
})
