/** Attacks on the `page` client option: hostile pages, throwing channels, listeners left behind. */
import { describe, expect, it, vi } from 'vitest'
import { createPixwelClient, isPixwelError, type PixwelPage } from '../../src/index'
import type { PixwelPageChannel, PixwelPageEvent } from '../../src/api/PixwelPage'
import { fakePixwel, user } from '../support/fakePixwel'
import { ada, baseURL, key } from './support'

function memory(items: Record<string, string> = {}) {
  const map = new Map(Object.entries(items))
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    map,
  }
}

/** A page that counts its listeners; `overrides` replace its parts. */
function countingPage(overrides: Partial<PixwelPage> = {}) {
  const live = new Map<PixwelPageEvent, Set<() => void>>()
  let ons = 0
  let stops = 0
  const page: PixwelPage = {
    hidden: () => false,
    on(type, listener) {
      ons++
      let set = live.get(type)
      if (!set) live.set(type, (set = new Set()))
      const entry = () => listener()
      set.add(entry)
      return () => {
        stops++
        set.delete(entry)
      }
    },
    channel: () => null,
    ...overrides,
  }
  return {
    page,
    fire: (type: PixwelPageEvent) => {
      for (const listener of [...(live.get(type) ?? [])]) listener()
    },
    live: () => [...live.values()].reduce((n, set) => n + set.size, 0),
    counts: () => ({ ons, stops }),
  }
}

function configurationOrNothing(run: () => unknown): string {
  try {
    run()
    return 'ok'
  } catch (error) {
    return isPixwelError(error) ? error.kind : `raw: ${String(error)}`
  }
}

describe('page option, hostile values', () => {
  it('guard: non-objects, missing functions and throwing getters are configuration errors', () => {
    const bad: unknown[] = [
      null,
      42,
      'page',
      {},
      { hidden: 1, on: () => undefined, channel: () => null },
      Object.defineProperty({ on: () => undefined, channel: () => null }, 'hidden', {
        get() {
          throw new Error('boom')
        },
      }),
      new Proxy(
        {},
        {
          getOwnPropertyDescriptor() {
            throw new Error('trap')
          },
        },
      ),
    ]
    for (const page of bad) {
      expect(
        configurationOrNothing(() => createPixwelClient({ baseURL, page: page as PixwelPage })),
      ).toBe('configuration')
    }
  })

  it('fixed (was a defect) page: a page whose on() throws is a configuration error at creation, not a raw TypeError', () => {
    const { page } = countingPage({
      on() {
        throw new TypeError('on is broken')
      },
    })
    const outcome = configurationOrNothing(() => createPixwelClient({ baseURL, page }))
    expect(['ok', 'configuration']).toContain(outcome)
  })

  it('fixed (was a defect) page: a page whose on("focus") throws after sign-in does not leave whenRestored() hanging', async () => {
    vi.useFakeTimers()
    const { page } = countingPage({
      on(type) {
        if (type === 'focus') throw new Error('no focus here')
        return () => undefined
      },
    })
    const storage = memory({ [key]: JSON.stringify({ token: ada.token, kid: 'k1' }) })
    // The stored format: whatever the store wrote; write it through a first client.
    const fake = fakePixwel()
    const writer = createPixwelClient({ baseURL, adapter: fake.adapter, persist: storage })
    await writer.createSession(ada)
    writer.dispose()
    const errors: unknown[] = []
    const client = (() => {
      try {
        return createPixwelClient({
          baseURL,
          adapter: fake.adapter,
          persist: storage,
          page,
          refreshOnFocus: true,
        })
      } catch (error) {
        errors.push(error)
        return undefined
      }
    })()
    if (!client) {
      expect(errors.every((error) => isPixwelError(error) && error.kind === 'configuration')).toBe(
        true,
      )
      return
    }
    let settled = 'pending'
    void client.whenRestored().then((snapshot) => (settled = snapshot.status))
    await vi.advanceTimersByTimeAsync(100).catch((error: unknown) => errors.push(error))
    expect(settled).not.toBe('pending')
    client.dispose()
  })

  it('fixed (was a defect) page: a page whose hidden() throws does not crash the interval timer', async () => {
    vi.useFakeTimers()
    const { page } = countingPage({
      hidden() {
        throw new Error('hidden is broken')
      },
    })
    const fake = fakePixwel()
    let client
    try {
      client = createPixwelClient({
        baseURL,
        adapter: fake.adapter,
        page,
        refreshIntervalMs: 1_000,
      })
    } catch (error) {
      expect(isPixwelError(error) && error.kind).toBe('configuration')
      return
    }
    await client.createSession({ token: ada.token, persist: false })
    let uncaught: unknown
    await vi.advanceTimersByTimeAsync(5_000).catch((error: unknown) => (uncaught = error))
    client.dispose()
    expect(uncaught).toBeUndefined()
  })

  it('fixed (was a defect) page: a channel() that returns a non-channel ({}) is treated as none, not a TypeError', () => {
    const { page } = countingPage({ channel: () => ({}) as PixwelPageChannel })
    const fake = fakePixwel()
    const outcome = configurationOrNothing(() => {
      const client = createPixwelClient({ baseURL, adapter: fake.adapter, page })
      client.subscribe(() => undefined)
      client.dispose()
    })
    expect(['ok', 'configuration']).toContain(outcome)
  })

  it('fixed (was a defect) page: a channel whose listen() throws is survived (no raw error from subscribe())', () => {
    const channel: PixwelPageChannel = {
      post: () => undefined,
      listen() {
        throw new Error('listen broke')
      },
      close: () => undefined,
    }
    const { page } = countingPage({ channel: () => channel })
    const outcome = configurationOrNothing(() => {
      const client = createPixwelClient({ baseURL, page })
      client.subscribe(() => undefined)
      client.dispose()
    })
    expect(['ok', 'configuration']).toContain(outcome)
  })

  it('guard: a channel whose post() throws is survived: sign-in and sign-out still work', async () => {
    const channel: PixwelPageChannel = {
      post() {
        throw new Error('post broke')
      },
      listen: () => undefined,
      close: () => undefined,
    }
    const { page } = countingPage({ channel: () => channel })
    const fake = fakePixwel()
    const storage = memory()
    const client = createPixwelClient({ baseURL, adapter: fake.adapter, page, persist: storage })
    await client.createSession(ada)
    client.signOut()
    expect(client.getSession().status).toBe('signed-out')
    client.dispose()
  })

  it('fixed (was a defect) page: a channel whose close() throws: dispose() throws nothing and leaves no timers or listeners', async () => {
    vi.useFakeTimers()
    const channel: PixwelPageChannel = {
      post: () => undefined,
      listen: () => undefined,
      close() {
        throw new Error('close broke')
      },
    }
    const counting = countingPage({ channel: () => channel })
    const fake = fakePixwel()
    const client = createPixwelClient({
      baseURL,
      adapter: fake.adapter,
      page: counting.page,
      refreshIntervalMs: 60_000,
      refreshOnFocus: true,
    })
    await client.createSession({ token: ada.token, persist: false })
    client.subscribe(() => undefined)
    expect(configurationOrNothing(() => client.dispose())).toBe('ok')
    expect(vi.getTimerCount()).toBe(0)
    expect(counting.live()).toBe(0)
  })

  it('guard: every listener put on the page is stopped by dispose (on/stop counted), timers none', async () => {
    vi.useFakeTimers()
    const counting = countingPage()
    const fake = fakePixwel((_, index) =>
      index === 0
        ? { status: 200, body: user('ada', { twoFactor: true }) }
        : { status: 200, body: user('ada', { twoFactor: true }) },
    )
    const client = createPixwelClient({
      baseURL,
      adapter: fake.adapter,
      page: counting.page,
      refreshIntervalMs: 60_000,
      refreshOnFocus: true,
    })
    await client.createSession({ token: ada.token, persist: false })
    const wait = client.waitForTwoFactor({ intervalMs: 1_000 }).catch(() => 'ended')
    await vi.advanceTimersByTimeAsync(3_000)
    client.dispose()
    expect(await wait).toBe('ended')
    expect(counting.live()).toBe(0)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('guard: sign-in/sign-out cycles do not grow the page listeners', async () => {
    vi.useFakeTimers()
    const counting = countingPage()
    const fake = fakePixwel()
    const client = createPixwelClient({
      baseURL,
      adapter: fake.adapter,
      page: counting.page,
      refreshIntervalMs: 60_000,
      refreshOnFocus: true,
    })
    await client.createSession({ token: ada.token, persist: false })
    const after1 = counting.live()
    for (let i = 0; i < 20; i++) {
      client.signOut()
      await client.createSession({ token: ada.token, persist: false })
    }
    expect(counting.live()).toBe(after1)
    expect(vi.getTimerCount()).toBeLessThanOrEqual(1)
    client.dispose()
    expect(counting.live()).toBe(0)
  })
})
