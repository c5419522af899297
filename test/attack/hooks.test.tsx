// @vitest-environment jsdom
/**
 * Attack on issue 19 in React: useWaitForTwoFactor under fake timers, useRefreshSession while
 * signed out, and cross-tab messages between two clients (jsdom's BroadcastChannel).
 */
import { QueryClient } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  useRefreshSession,
  useWaitForTwoFactor,
  type PixwelClient,
  type PixwelClientEvent,
} from '../../src/index'
import { base, body, controlledAdapter, flush, key, memoryStorage, sleep, stored } from './support'

const clients: PixwelClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
})

function wrap(client: PixwelClient) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  return ({ children }: { children?: ReactNode }) => (
    <PixwelProvider client={client} queryClient={queryClient}>
      {children}
    </PixwelProvider>
  )
}

describe('useWaitForTwoFactor', () => {
  it('fixed (was a defect): a second two-factor sign-in answered in the same millisecond as the first is never polled', async () => {
    // Fake timers freeze Date.now(): both challenges get the same expiresAt. The hook keys
    // its wait on expiresAt, so it does not start a wait for the second challenge; the
    // first wait was ended (aborted, by the newer sign-in) and nothing polls any more.
    vi.useFakeTimers({
      now: 1_700_000_000_000,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    })
    const { adapter, seen } = controlledAdapter((authorization) =>
      authorization?.startsWith('Basic ')
        ? [200, body(atob(authorization.slice(6)).split('@')[0]!, { twoFactor: true })]
        : null,
    )
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    const { result } = renderHook(() => useWaitForTwoFactor({ intervalMs: 1000 }), {
      wrapper: wrap(client),
    })
    await act(() => client.createSession({ username: 'tom@example.com', password: 'Synthetic-1' }))
    // The hook's wait for tom has started (its effect ran); no time has passed.
    expect(result.current.waiting).toBe(true)
    await act(() => client.createSession({ username: 'ann@example.com', password: 'Synthetic-1' }))
    expect(client.getSession().session?.id).toBe('ann')
    expect(result.current.waiting).toBe(true)
    const before = seen.length
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    // The hook says it waits; it should be asking the API whether ann opened her link.
    expect(seen.length - before).toBeGreaterThan(0)
  })

  it('held: a remount does not restart the clock', async () => {
    vi.useFakeTimers({
      now: 1_700_000_000_000,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    })
    const { adapter } = controlledAdapter(() => [200, body('tom', { twoFactor: true })])
    const client = createPixwelClient({ baseURL: base, adapter, twoFactorLifetimeMs: 10_000 })
    clients.push(client)
    const first = renderHook(() => useWaitForTwoFactor({ intervalMs: 1000 }), {
      wrapper: wrap(client),
    })
    await act(() => client.createSession({ username: 'tom@example.com', password: 'Synthetic-1' }))
    const expiresAt = first.result.current.expiresAt
    await act(() => vi.advanceTimersByTimeAsync(6000))
    first.unmount()
    const second = renderHook(() => useWaitForTwoFactor({ intervalMs: 1000 }), {
      wrapper: wrap(client),
    })
    expect(second.result.current.expiresAt).toBe(expiresAt)
    await act(() => vi.advanceTimersByTimeAsync(4000))
    expect(second.result.current.error?.kind).toBe('timeout')
    expect(client.getSession()).toMatchObject({ reason: 'two-factor-expired' })
  })
})

describe('useRefreshSession', () => {
  it('held: mutate() while signed out is the mutation error, never an unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const { adapter, seen } = controlledAdapter(() => [200, body('ada')])
      const client = createPixwelClient({ baseURL: base, adapter })
      clients.push(client)
      const { result } = renderHook(() => useRefreshSession(), { wrapper: wrap(client) })
      act(() => result.current.mutate())
      await vi.waitFor(() => expect(result.current.isError).toBe(true))
      expect(result.current.error?.kind).toBe('unauthorized')
      await sleep(20)
      expect(unhandled).toEqual([])
      expect(seen).toHaveLength(0)
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})

describe('cross-tab (two clients, one storage, one channel name)', () => {
  it("held: a late cross-tab sign-out in a tab that held the old account leaves the other tab's newer token", async () => {
    const mem = memoryStorage({ [key]: stored('pat_a') })
    const { adapter } = controlledAdapter((authorization) =>
      authorization?.startsWith('Bearer pat_') ? [200, body(authorization.slice(11))] : null,
    )
    const tab1 = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    const tab2 = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    const tab3 = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(tab1, tab2, tab3)
    await Promise.all([tab1.whenRestored(), tab2.whenRestored(), tab3.whenRestored()])
    expect(tab2.getSession().session?.id).toBe('a')
    // tab1 signs out (the message is on its way), tab3 signs in as b at once and keeps it.
    tab1.signOut()
    await tab3.createSession({ token: 'pat_b' })
    expect(mem.token()).toBe('pat_b')
    await sleep(50)
    // tab2 (which followed a) signs out, then follows the newly kept b; tab3 (b) is not told of
    // a's sign-out: it was about another keep. A reload restores b, the account last chosen.
    expect(tab2.getSession().session?.id).toBe('b')
    expect(tab3.getSession().session?.id).toBe('b')
    expect(mem.token()).toBe('pat_b')
  })

  it('held: a sign-out arriving from another tab while this tab restores cancels the restore, once', async () => {
    const mem = memoryStorage({ [key]: stored('pat_a') })
    const { adapter, seen } = controlledAdapter(() => null)
    const tab1 = createPixwelClient({ baseURL: base, adapter })
    const tab2 = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(tab1, tab2)
    const events: PixwelClientEvent[] = []
    tab2.subscribe((event) => events.push(event))
    expect(tab2.getSession().status).toBe('restoring')
    tab1.signOut()
    await sleep(50)
    seen[0]?.reply(200, body('a'))
    await flush()
    expect(tab2.getSession()).toMatchObject({
      status: 'signed-out',
      reason: 'sign-out',
      crossTab: true,
    })
    expect(events.map((event) => event.type)).toEqual(['signed-out'])
  })
})
