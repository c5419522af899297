// @vitest-environment jsdom
/**
 * Second attack on issue 19: useWaitForTwoFactor after an expiry, its wait again on `aborted`,
 * and the live timers it leaves.
 */
import { QueryClient } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  useSession,
  useWaitForTwoFactor,
  type PixwelClient,
} from '../../src/index'
import { base, body, controlledAdapter } from '../attack/support'

const clients: PixwelClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
})

function wrap(client: PixwelClient) {
  const queryClient = new QueryClient()
  return ({ children }: { children?: ReactNode }) => (
    <PixwelProvider client={client} queryClient={queryClient}>
      {children}
    </PixwelProvider>
  )
}

/** `tom` needs two-factor (never verified); a `pat_<id>` token signs in as `<id>` at once. */
function api() {
  return controlledAdapter((authorization) => {
    if (authorization?.startsWith('Bearer pat_')) return [200, body(authorization.slice(11))]
    return [200, body('tom', { twoFactor: true })]
  })
}

const fake = () =>
  vi.useFakeTimers({
    now: 1_700_000_000_000,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  })

describe('useWaitForTwoFactor after the link expired', () => {
  it('held: a later sign-in without two-factor does not show the expired link error', async () => {
    fake()
    const { adapter } = api()
    const client = createPixwelClient({ baseURL: base, adapter, twoFactorLifetimeMs: 10_000 })
    clients.push(client)
    const { result } = renderHook(
      () => ({ wait: useWaitForTwoFactor({ intervalMs: 1000 }), session: useSession() }),
      { wrapper: wrap(client) },
    )
    await act(() => client.createSession({ username: 'tom@example.com', password: 'Synthetic-1' }))
    expect(result.current.wait.waiting).toBe(true)
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    expect(result.current.wait.error?.kind).toBe('timeout')
    // The user signs in again, as another account (or with a token): no link to wait for.
    await act(() => client.createSession({ token: 'pat_ann' }))
    expect(result.current.session.status).toBe('signed-in')
    // "The link expired: please sign in again" must not stay on a signed-in page.
    expect(result.current.wait.error).toBeNull()
  })

  it('held: expiry, then a new two-factor sign-in: waiting again, no error, a fresh expiresAt', async () => {
    fake()
    const { adapter } = api()
    const client = createPixwelClient({ baseURL: base, adapter, twoFactorLifetimeMs: 10_000 })
    clients.push(client)
    const { result } = renderHook(() => useWaitForTwoFactor({ intervalMs: 1000 }), {
      wrapper: wrap(client),
    })
    await act(() => client.createSession({ username: 'tom@example.com', password: 'Synthetic-1' }))
    const first = result.current.expiresAt!
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    await act(() => client.createSession({ username: 'tom@example.com', password: 'Synthetic-1' }))
    expect(result.current).toMatchObject({ waiting: true, error: null })
    expect(result.current.expiresAt).toBe(first + 10_000)
  })
})

describe('useWaitForTwoFactor waits again on aborted', () => {
  it('held: dispose() during the wait does not loop (one more wait, refused, then nothing)', async () => {
    fake()
    const { adapter, seen } = api()
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    const waits = vi.spyOn(client, 'waitForTwoFactor')
    renderHook(() => useWaitForTwoFactor({ intervalMs: 1000 }), { wrapper: wrap(client) })
    await act(() => client.createSession({ username: 'tom@example.com', password: 'Synthetic-1' }))
    await act(() => vi.advanceTimersByTimeAsync(1500))
    const requests = seen.length
    act(() => client.dispose())
    await act(() => vi.advanceTimersByTimeAsync(5000))
    expect(waits.mock.calls.length).toBeLessThanOrEqual(2)
    expect(seen.length).toBe(requests)
  })

  it('held: two hooks with different timeoutMs converge (no ping-pong of waits); one poll per interval', async () => {
    fake()
    const { adapter, seen } = api()
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    const waits = vi.spyOn(client, 'waitForTwoFactor')
    const { result } = renderHook(
      () => [
        useWaitForTwoFactor({ intervalMs: 1000, timeoutMs: 60_000 }),
        useWaitForTwoFactor({ intervalMs: 1000, timeoutMs: 30_000 }),
      ],
      { wrapper: wrap(client) },
    )
    await act(() => client.createSession({ username: 'tom@example.com', password: 'Synthetic-1' }))
    await act(() => vi.advanceTimersByTimeAsync(0))
    const started = Date.now()
    const before = seen.length
    await act(() => vi.advanceTimersByTimeAsync(10_000))
    expect(result.current[0]!.expiresAt).toBe(started + 30_000)
    expect(waits.mock.calls.length).toBeLessThanOrEqual(6)
    expect(seen.length - before).toBeLessThanOrEqual(10)
  })
})
