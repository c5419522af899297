/**
 * The multi-tab test kit: clients as tabs with pages of their own, one channel per name that
 * behaves as a BroadcastChannel (structured clones, never to the sender, in order, in
 * microtasks that fake timers do not hold back), one shared storage, and a network switch.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { isPixwelError } from '../../src/index'
import { createPixwelTabs, type PixwelTabs } from '../../src/testing/index'
import { fakePixwel } from '../support/fakePixwel'

const baseURL = 'https://tabs.pixwel.test/api'
const token = { token: 'pat_ada_0123456789' }
const kits: PixwelTabs[] = []

afterEach(() => {
  for (const kit of kits.splice(0)) kit.dispose()
  vi.useRealTimers()
})

function tabs(options: Parameters<typeof createPixwelTabs>[0]) {
  const kit = createPixwelTabs(options)
  kits.push(kit)
  return kit
}

describe('createPixwelTabs', () => {
  it('should deliver structured clones to every other open tab, in order, never to the sender', async () => {
    const kit = tabs({ count: 3 })
    const [first, second, third] = kit.tabs.map((tab) => tab.page.channel('line'))
    const heard: [number, unknown][] = []
    first?.listen((data) => heard.push([0, data]))
    second?.listen((data) => heard.push([1, data]))
    third?.listen((data) => heard.push([2, data]))
    const message = { type: 'one', nested: { n: 1 } }
    first?.post(message)
    first?.post({ type: 'two' })
    // Not synchronously: as a BroadcastChannel, a message is an asynchronous event.
    expect(heard).toEqual([])
    message.nested.n = 2
    await Promise.resolve()
    await Promise.resolve()
    expect(heard).toEqual([
      [1, { type: 'one', nested: { n: 1 } }],
      [2, { type: 'one', nested: { n: 1 } }],
      [1, { type: 'two' }],
      [2, { type: 'two' }],
    ])
    // Each tab got a clone of its own.
    expect(heard[0]?.[1]).not.toBe(heard[1]?.[1])
  })

  it('should deliver under fake timers, even with queueMicrotask faked', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'queueMicrotask'] })
    const kit = tabs({ count: 2 })
    const heard: unknown[] = []
    kit.tabs[1]?.page.channel('line')?.listen((data) => heard.push(data))
    kit.tabs[0]?.page.channel('line')?.post({ type: 'hello' })
    await vi.advanceTimersByTimeAsync(0)
    expect(heard).toEqual([{ type: 'hello' }])
  })

  it('should keep channels of other names, and other kits, apart', async () => {
    const kit = tabs({ count: 2 })
    const other = tabs({ count: 1 })
    const heard: unknown[] = []
    kit.tabs[1]?.page.channel('a')?.listen((data) => heard.push(data))
    other.tabs[0]?.page.channel('a')?.listen((data) => heard.push(data))
    kit.tabs[0]?.page.channel('b')?.post({ type: 'b' })
    await Promise.resolve()
    expect(heard).toEqual([])
  })

  it('should throw when a message cannot be cloned, as a BroadcastChannel does', () => {
    const kit = tabs({ count: 2 })
    kit.tabs[1]?.page.channel('line')?.listen(() => undefined)
    expect(() => kit.tabs[0]?.page.channel('line')?.post({ f: () => 1 })).toThrow()
  })

  it('should play visibility, focus and activity on one tab only', () => {
    const kit = tabs({ count: 2 })
    const [first, second] = kit.tabs
    const events: string[] = []
    for (const type of ['focus', 'visibilitychange', 'activity', 'online'] as const) {
      first?.page.on(type, () => events.push(`0:${type}:${String(first.page.hidden())}`))
      second?.page.on(type, () => events.push(`1:${type}`))
    }
    first?.hide()
    first?.hide()
    first?.activity()
    first?.focus()
    first?.activity()
    expect(events).toEqual([
      '0:visibilitychange:true',
      '0:visibilitychange:false',
      '0:activity:false',
      '0:focus:false',
      '0:activity:false',
    ])
    expect(first?.isHidden()).toBe(false)
  })

  it('should fail requests as a network error while offline, count them, and fire online once back', async () => {
    const api = fakePixwel()
    const kit = tabs({ count: 2, clientOptions: { baseURL, adapter: api.adapter } })
    const online: number[] = []
    for (const tab of kit.tabs) tab.page.on('online', () => online.push(tab.id))
    kit.online()
    expect(online).toEqual([])
    kit.offline()
    const error: unknown = await kit.tabs[0]?.client.createSession(token).catch((e: unknown) => e)
    expect(isPixwelError(error) && error.kind).toBe('network')
    expect(api.posts()).toHaveLength(0)
    kit.online()
    expect(online).toEqual([0, 1])
    await kit.tabs[1]?.client.createSession(token)
    expect(api.posts()).toHaveLength(1)
    expect(kit.requests()).toEqual([
      { tab: 0, method: 'POST', url: '/session', offline: true },
      { tab: 1, method: 'POST', url: '/session', offline: false },
    ])
    expect(kit.tabs[1]?.requests()).toHaveLength(1)
    // Nothing secret is recorded.
    expect(JSON.stringify(kit.requests())).not.toContain('pat_')
  })

  it('should share one storage, and keep a token sign-in there unless persist is false', async () => {
    const api = fakePixwel()
    const kit = tabs({ clientOptions: { baseURL, adapter: api.adapter } })
    await kit.tabs[0]?.client.createSession(token)
    expect(kit.storage.getItem(`pixwel-react:token:${baseURL}`)).toEqual(
      expect.stringContaining('pat_ada'),
    )
    const unkept = tabs({ persist: false, clientOptions: { baseURL, adapter: api.adapter } })
    await unkept.tabs[0]?.client.createSession(token)
    expect(unkept.storage.getItem(`pixwel-react:token:${baseURL}`)).toBeNull()
  })

  it('should let a closed tab go: its client disposed, off the channel, deaf to pages', async () => {
    const kit = tabs({ count: 2 })
    const [first, second] = kit.tabs
    const heard: unknown[] = []
    first?.page.channel('line')?.listen((data) => heard.push(data))
    const focus = vi.fn()
    first?.page.on('focus', focus)
    second?.page.channel('line')?.post({ type: 'late' })
    first?.close()
    await Promise.resolve()
    expect(heard).toEqual([])
    first?.focus()
    expect(focus).not.toHaveBeenCalled()
    expect(first?.isOpen()).toBe(false)
    expect(first?.page.channel('line')).toBeNull()
    await expect(first?.client.refreshSession()).rejects.toMatchObject({ kind: 'configuration' })
    // Another tab opens in its place, with the next id.
    expect(kit.open().id).toBe(2)
  })

  it('should refuse bad options with a configuration error', () => {
    const bad: unknown[] = [
      null,
      { count: -1 },
      { count: 1.5 },
      { count: 51 },
      { count: '2' },
      { persist: 'yes' },
      { storage: {} },
      { clientOptions: 3 },
      {
        clientOptions: Object.defineProperty({}, 'baseURL', {
          enumerable: true,
          get() {
            throw new Error('hostile')
          },
        }),
      },
      { clientOptions: { adapter: 'no-such-adapter' } },
      { clientOptions: { baseURL: 'ftp://nope' } },
    ]
    for (const [index, options] of bad.entries()) {
      expect(() => createPixwelTabs(options as never), `options ${index}`).toThrow(
        expect.objectContaining({ kind: 'configuration' }),
      )
    }
  })
})
