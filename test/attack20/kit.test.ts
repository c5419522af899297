/** Attacks on the multi-tab test kit (createPixwelTabs). */
import { describe, expect, it, vi } from 'vitest'
import { isPixwelError } from '../../src/index'
import { createPixwelTabs } from '../../src/testing/index'
import { deferred, user } from '../support/fakePixwel'
import { ada, api, baseURL, tabs } from './support'

function configurationError(run: () => unknown) {
  let caught: unknown
  try {
    run()
  } catch (error) {
    caught = error
  }
  expect(isPixwelError(caught) && caught.kind === 'configuration').toBe(true)
}

describe('createPixwelTabs, hostile options', () => {
  it('guard: refuses bad counts, non-objects, hostile getters with configuration errors', () => {
    for (const count of [-1, 51, 1.5, NaN, Infinity, '3', 2n]) {
      configurationError(() => createPixwelTabs({ count: count as number }))
    }
    configurationError(() => createPixwelTabs(null as never))
    configurationError(() => createPixwelTabs(5 as never))
    configurationError(() =>
      createPixwelTabs(
        Object.defineProperty({}, 'count', {
          get() {
            throw new Error('boom')
          },
        }),
      ),
    )
    configurationError(() =>
      createPixwelTabs({
        clientOptions: Object.defineProperty({}, 'baseURL', {
          enumerable: true,
          get() {
            throw new Error('boom')
          },
        }),
      }),
    )
    configurationError(() => createPixwelTabs({ clientOptions: null as never }))
    configurationError(() => createPixwelTabs({ persist: 'yes' as never }))
    configurationError(() => createPixwelTabs({ storage: {} as never }))
    configurationError(() => createPixwelTabs({ clientOptions: { adapter: 42 as never } }))
    configurationError(() => createPixwelTabs({ clientOptions: { baseURL: 'http://evil' } }))
  })

  it('guard: a polluted Object.prototype.count is not read', () => {
    const proto = Object.prototype as Record<string, unknown>
    proto.count = 50
    try {
      const kit = tabs({})
      expect(kit.tabs).toHaveLength(1)
    } finally {
      delete proto.count
    }
  })

  it('guard: a page or persist in clientOptions (from JavaScript) cannot replace the tab’s own', async () => {
    vi.useFakeTimers()
    const server = api()
    const hostilePage = {
      hidden: () => false,
      on: () => () => undefined,
      channel: () => null,
    }
    const kit = tabs({
      count: 2,
      clientOptions: {
        baseURL,
        adapter: server.adapter,
        ...({ page: hostilePage, persist: undefined } as object),
      },
    })
    kit.tabs[1]?.client.subscribe(() => undefined)
    await kit.tabs[0]?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0)
    expect(kit.tabs[1]?.client.getSession().session?.id).toBe('ada')
  })

  it('fixed (was a defect) doc: the @example of createPixwelTabs (no subscribe, three synchronous focuses) does what it says', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({
      count: 3,
      clientOptions: { baseURL, adapter: server.adapter, refreshOnFocus: true },
    })
    const [first] = kit.tabs
    await first?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0) // "the other tabs hear of it, and take the kept token"
    expect(kit.tabs.map((tab) => tab.client.getSession().status)).toEqual([
      'signed-in',
      'signed-in',
      'signed-in',
    ])
    await vi.advanceTimersByTimeAsync(60_000)
    for (const tab of kit.tabs) tab.focus()
    await vi.advanceTimersByTimeAsync(1_000) // "the tabs' claims cross; the lowest goes"
    expect(kit.requests()).toHaveLength(2) // "the sign-in, and one refresh for the three tabs"
  })

  it('guard: a failed open() (bad override) leaves no half-open tab behind', () => {
    const kit = tabs({ count: 1 })
    configurationError(() => kit.open({ baseURL: 'ftp://nope' }))
    expect(kit.tabs).toHaveLength(1)
    const next = kit.open()
    expect(next.id).toBe(1)
  })
})

describe('createPixwelTabs, lifetimes', () => {
  it('guard: dispose() twice, close() twice, and tab methods after close do nothing and throw nothing', () => {
    const kit = tabs({ count: 3 })
    kit.dispose()
    expect(() => kit.dispose()).not.toThrow()
    for (const tab of kit.tabs) {
      expect(tab.isOpen()).toBe(false)
      expect(() => {
        tab.close()
        tab.focus()
        tab.show()
        tab.hide()
        tab.activity()
      }).not.toThrow()
      expect(tab.page.channel('x')).toBeNull()
    }
  })

  it('guard: a tab closed mid-request: its answer arrives to nobody, nothing rejects unhandled, no timers left', async () => {
    vi.useFakeTimers()
    const held = deferred<{ status: number; body?: unknown }>()
    const server = api((_, index) => (index === 0 ? { hold: held.promise } : undefined))
    const kit = tabs({ count: 2, clientOptions: { baseURL, adapter: server.adapter } })
    const pending = kit.tabs[0]?.client.createSession(ada)
    const outcome = pending?.then(
      () => 'resolved',
      (error: unknown) => (isPixwelError(error) ? error.kind : 'raw'),
    )
    await vi.advanceTimersByTimeAsync(0)
    kit.tabs[0]?.close()
    held.resolve({ status: 200, body: user('ada') })
    await vi.advanceTimersByTimeAsync(0)
    expect(await outcome).toBe('aborted')
    // The other tab heard nothing of a sign-in that never happened.
    expect(kit.tabs[1]?.client.getSession().status).toBe('signed-out')
    kit.dispose()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('guard: messages posted after a tab closed never reach it, and a closed end cannot post', async () => {
    const kit = tabs({ count: 2 })
    const [a, b] = kit.tabs.map((tab) => tab.page.channel('line'))
    const heard: unknown[] = []
    b?.listen((data) => heard.push(data))
    a?.post({ type: 'before' })
    kit.tabs[1]?.close()
    a?.post({ type: 'after' })
    await Promise.resolve()
    await Promise.resolve()
    // Closed before delivery: as a BroadcastChannel, nothing is delivered to it.
    expect(heard).toEqual([])
    expect(() => b?.post({ type: 'x' })).toThrow()
  })

  it('guard: no shared references between tabs: a receiver mutating its copy changes no other tab', async () => {
    const kit = tabs({ count: 3 })
    const ends = kit.tabs.map((tab) => tab.page.channel('line'))
    const heard: { nested: { n: number } }[] = []
    ends[1]?.listen((data) => {
      const copy = data as { nested: { n: number } }
      copy.nested.n = 99
      heard.push(copy)
    })
    ends[2]?.listen((data) => heard.push(data as { nested: { n: number } }))
    const message = { type: 'm', nested: { n: 1 } }
    ends[0]?.post(message)
    await Promise.resolve()
    await Promise.resolve()
    expect(message.nested.n).toBe(1)
    expect(heard.map((item) => item.nested.n)).toEqual([99, 1])
  })

  it('guard: a message with a function cannot be posted (DataCloneError) when another tab listens', () => {
    const kit = tabs({ count: 2 })
    const end = kit.tabs[0]?.page.channel('line')
    kit.tabs[1]?.page.channel('line')
    expect(() => end?.post({ type: 'f', f: () => 1 })).toThrow()
  })

  it('fixed (was a defect) kit: a message that cannot be cloned throws even when no other tab has joined (as BroadcastChannel.postMessage does)', () => {
    const kit = tabs({ count: 2 })
    const end = kit.tabs[0]?.page.channel('line')
    // A BroadcastChannel serialises at postMessage whoever listens: a test that posts an
    // uncloneable message with one tab must fail as the browser would.
    expect(() => end?.post({ type: 'f', f: () => 1 })).toThrow()
  })

  it('guard: online() while online fires no online event; offline requests are recorded as offline', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({ count: 1, clientOptions: { baseURL, adapter: server.adapter } })
    let onlines = 0
    kit.tabs[0]?.page.on('online', () => onlines++)
    kit.online()
    expect(onlines).toBe(0)
    kit.offline()
    kit.offline()
    const failure = await kit.tabs[0]?.client.createSession(ada).catch((error: unknown) => error)
    expect(isPixwelError(failure) && failure.kind).toBe('network')
    expect(kit.requests()).toEqual([expect.objectContaining({ offline: true, tab: 0 })])
    expect(server.posts()).toHaveLength(0)
    kit.online()
    kit.online()
    expect(onlines).toBe(1)
  })

  it('guard: requests() returns copies: a caller cannot rewrite the record', () => {
    const kit = tabs({ count: 1 })
    const list = kit.requests() as unknown[]
    list.push({ fake: true })
    expect(kit.requests()).toHaveLength(0)
  })

  it('guard: listeners a tab’s client put on its page are all stopped on close (count on/stop)', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({
      count: 0,
      clientOptions: {
        baseURL,
        adapter: server.adapter,
        refreshOnFocus: true,
        refreshIntervalMs: 60_000,
      },
    })
    const tab = kit.open()
    // Spy on the page the client got (the kit's page object).
    await tab.client.createSession(ada)
    tab.close()
    expect(vi.getTimerCount()).toBe(0)
  })
})
