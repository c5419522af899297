// @vitest-environment jsdom
/**
 * "The session lifecycle, made explicit": one test (at least) per defect class the attack on
 * continuity found, against the client and its hooks, with an in-memory API (fakePixwel) so
 * that each answer (another account, reordered keys, a late 401) and each request is counted.
 */
import { act, cleanup, render, renderHook, waitFor } from '@testing-library/react'
import { setupServer } from 'msw/node'
import { StrictMode, Suspense, type ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  useRefreshSession,
  useSession,
  useWaitForTwoFactor,
  usePixwelClient as usePixwelClientForTest,
  type PixwelClient,
  type PixwelClientEvent,
  type PixwelStorage,
} from '../../src/index'
import { createPixwelHandlers } from '../../src/testing/index'
import { deferred, fakePixwel, user } from '../support/fakePixwel'
import { testBaseURL } from '../support/pixwelWrapper'

const key = `pixwel-react:token:${testBaseURL}`
const clients: PixwelClient[] = []

afterEach(() => {
  cleanup()
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
})

function client(options: Parameters<typeof createPixwelClient>[0] = {}) {
  const made = createPixwelClient({ baseURL: testBaseURL, ...options })
  clients.push(made)
  return made
}

/** The token a storage keeps for the test root (its value also holds the keep's id). */
function tokenIn(items: Map<string, string>): string | undefined {
  const raw = items.get(key)
  return raw === undefined ? undefined : (JSON.parse(raw) as { token: string }).token
}

function stored(token: string) {
  return JSON.stringify({ v: 1, baseURL: testBaseURL, token })
}

/**
 * A storage whose writes land when their promise settles, in the order the test releases
 * them (one that encrypts before it writes); reads and removals answer at once.
 */
function slowStorage() {
  const items = new Map<string, string>()
  const writes: { value: string; land: () => void; fail: () => void }[] = []
  const storage: PixwelStorage = {
    getItem: (name) => Promise.resolve(items.get(name) ?? null),
    setItem: (name, value) =>
      new Promise<void>((resolve, reject) => {
        writes.push({
          value,
          land: () => {
            items.set(name, value)
            resolve()
          },
          fail: () => reject(new Error('QuotaExceededError')),
        })
      }),
    removeItem: (name) => {
      items.delete(name)
      return Promise.resolve()
    },
  }
  return { storage, items, writes }
}

function memory(initial?: string) {
  const items = new Map<string, string>(initial ? [[key, stored(initial)]] : [])
  const storage: PixwelStorage = {
    getItem: (name) => items.get(name) ?? null,
    setItem: (name, value) => void items.set(name, value),
    removeItem: (name) => void items.delete(name),
  }
  return { storage, items }
}

async function settle(ms = 0) {
  await act(() => new Promise((resolve) => setTimeout(resolve, ms)))
}

describe('storage has an owner and an order', () => {
  it('a write still under way when signOut() comes never brings the token back', async () => {
    const { storage, items, writes } = slowStorage()
    const here = client({ persist: storage, adapter: fakePixwel().adapter })
    await here.createSession({ token: 'pat_one_0123456789' })
    here.signOut()
    await settle()
    // The write lands after the sign-out; the removal queued behind it still runs last.
    for (const write of writes) write.land()
    await settle(10)
    expect(items.has(key)).toBe(false)
  })

  it('writes run one after another: an earlier write that lands late never wins', async () => {
    const { storage, items, writes } = slowStorage()
    const api = fakePixwel()
    const here = client({ persist: storage, adapter: api.adapter })
    await here.createSession({ token: 'pat_first_0123456789' })
    await here.createSession({ token: 'pat_second_0123456789' })
    await settle()
    // Only the first write has started: the second waits for it.
    expect(writes).toHaveLength(1)
    writes[0]?.land()
    await settle()
    expect(writes).toHaveLength(2)
    writes[1]?.land()
    await settle()
    expect(tokenIn(items)).toBe('pat_second_0123456789')
  })

  it('a 401 in one tab leaves the token another tab kept since, for another account', async () => {
    const { storage, items } = memory()
    let revoked = false
    const api = fakePixwel((authorization) =>
      revoked && authorization === 'Bearer pat_one_0123456789'
        ? { status: 401 }
        : { status: 200, body: user(authorization.endsWith('one_0123456789') ? 'ada' : 'bo') },
    )
    const first = client({ persist: storage, adapter: api.adapter })
    const second = client({ persist: storage, adapter: api.adapter })
    await first.createSession({ token: 'pat_one_0123456789' })
    await second.createSession({ token: 'pat_two_0123456789' })
    revoked = true
    await expect(first.refreshSession()).rejects.toMatchObject({ kind: 'unauthorized' })
    expect(first.getSession()).toMatchObject({ status: 'signed-out', reason: 'unauthorized' })
    expect(tokenIn(items)).toBe('pat_two_0123456789')
  })

  it('a late cross-tab sign-out leaves the token another tab kept since, for another account', async () => {
    const { storage, items } = memory('pat_one_0123456789')
    const api = fakePixwel((authorization) => ({
      status: 200,
      body: user(authorization.endsWith('one_0123456789') ? 'ada' : 'bo'),
    }))
    const here = client({ persist: storage, adapter: api.adapter })
    const there = client({ persist: storage, adapter: api.adapter })
    await here.whenRestored()
    await there.whenRestored()
    expect(there.getSession().status).toBe('signed-in')
    here.signOut()
    // Its own token goes at once.
    expect(items.has(key)).toBe(false)
    // Before the message reaches the other tab, a third signs another account in and keeps it.
    const third = client({ persist: storage, adapter: api.adapter })
    await third.createSession({ token: 'pat_two_0123456789' })
    expect(tokenIn(items)).toBe('pat_two_0123456789')
    // The other tab hears both: the sign-out, then the new keep, which it follows (it was
    // signed out by then, and it shares the storage).
    await waitFor(() => expect(there.getSession().session?.id).toBe('bo'))
    await settle(20)
    expect(tokenIn(items)).toBe('pat_two_0123456789')
  })

  it('a sign-out here leaves a token another tab kept since', async () => {
    const { storage, items } = memory()
    const api = fakePixwel()
    const here = client({ persist: storage, adapter: api.adapter })
    await here.createSession({ token: 'pat_one_0123456789' })
    // Another tab, created later (it has not heard of anything), keeps another token.
    items.set(key, stored('pat_two_0123456789'))
    here.signOut()
    expect(tokenIn(items)).toBe('pat_two_0123456789')
  })

  it('a write that fails (a full quota) removes the token it meant to replace', async () => {
    const { storage, items } = memory('pat_old_0123456789')
    storage.setItem = () => {
      throw new Error('QuotaExceededError')
    }
    const here = client({ persist: storage, adapter: fakePixwel().adapter })
    await here.whenRestored()
    await here.createSession({ token: 'pat_new_0123456789' })
    // A reload restores nobody rather than the earlier account.
    expect(items.has(key)).toBe(false)
  })

  it('an asynchronous write that rejects removes it too', async () => {
    const { storage, items, writes } = slowStorage()
    items.set(key, stored('pat_old_0123456789'))
    const here = client({ persist: storage, adapter: fakePixwel().adapter })
    await here.whenRestored()
    await here.createSession({ token: 'pat_new_0123456789' })
    writes[0]?.fail()
    await settle()
    expect(items.has(key)).toBe(false)
  })
})

it('a storage that never answers ends the restore after timeoutMs, not never', async () => {
  vi.useFakeTimers()
  const storage: PixwelStorage = {
    getItem: () => new Promise<string | null>(() => undefined),
    setItem: () => undefined,
    removeItem: () => undefined,
  }
  const here = client({ persist: storage, adapter: fakePixwel().adapter, timeoutMs: 2_000 })
  expect(here.getSession().status).toBe('restoring')
  await vi.advanceTimersByTimeAsync(2_000)
  expect(here.getSession()).toMatchObject({
    status: 'signed-out',
    reason: 'not-restored',
    error: { kind: 'timeout' },
  })
})

describe('one two-factor challenge, however many waits', () => {
  const twoFactor = { username: 'tomas@example.com', password: 'correct horse battery' }

  function twoFactorApi(
    verifiedAfter = Infinity,
    body = (index: number) => user('tomas', { twoFactor: index < verifiedAfter }),
  ) {
    return fakePixwel((_, index) => ({ status: 200, body: body(index) }))
  }

  it('two waits share one poll loop and one deadline, and both end timeout', async () => {
    vi.useFakeTimers()
    const api = twoFactorApi()
    const here = client({ adapter: api.adapter, twoFactorLifetimeMs: 1_000 })
    await here.createSession(twoFactor)
    const state = here.getSession()
    expect(state.status).toBe('two-factor-required')
    const banner = here.waitForTwoFactor({ intervalMs: 100 })
    const page = here.waitForTwoFactor({ intervalMs: 100 })
    const outcomes = Promise.allSettled([banner, page])
    await vi.advanceTimersByTimeAsync(1_000)
    const [first, second] = await outcomes
    expect(first).toMatchObject({ status: 'rejected', reason: { kind: 'timeout' } })
    expect(second).toMatchObject({ status: 'rejected', reason: { kind: 'timeout' } })
    // One sign-in and one poll per interval: not two loops.
    expect(api.posts().length).toBeLessThanOrEqual(1 + 10)
    expect(api.posts().length).toBeGreaterThanOrEqual(1 + 8)
    expect(here.getSession()).toMatchObject({
      status: 'signed-out',
      reason: 'two-factor-expired',
      error: { kind: 'timeout' },
    })
  })

  it('expiresAt is set once from the answer; at that moment the client signs out, waited for or not', async () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2026-12-03T09:00:00Z'))
    const here = client({ adapter: twoFactorApi().adapter, twoFactorLifetimeMs: 60_000 })
    const seen: PixwelClientEvent[] = []
    here.subscribe((event) => seen.push(event))
    await here.createSession(twoFactor)
    const state = here.getSession()
    expect(state.status === 'two-factor-required' && state.expiresAt).toBe(
      Date.parse('2026-12-03T09:01:00Z'),
    )
    await vi.advanceTimersByTimeAsync(59_999)
    expect(here.getSession().status).toBe('two-factor-required')
    await vi.advanceTimersByTimeAsync(1)
    expect(here.getSession()).toMatchObject({ status: 'signed-out', reason: 'two-factor-expired' })
    expect(seen.at(-1)).toMatchObject({ type: 'signed-out', reason: 'two-factor-expired' })
  })

  it('a sleeping laptop cannot stretch it: the wall clock decides at the next tick', async () => {
    vi.useFakeTimers()
    const here = client({ adapter: twoFactorApi().adapter })
    await here.createSession(twoFactor)
    const waiting = here.waitForTwoFactor({ intervalMs: 3_000 }).catch((error: unknown) => error)
    // Eleven minutes pass on the wall clock while no timer runs (the lid was closed).
    vi.setSystemTime(Date.now() + 11 * 60_000)
    await vi.advanceTimersByTimeAsync(3_000)
    expect(await waiting).toMatchObject({ kind: 'timeout' })
    expect(here.getSession()).toMatchObject({ reason: 'two-factor-expired' })
  })

  it('a poll whose session changed neither restarts the clock nor the hook’s wait', async () => {
    vi.useFakeTimers()
    // Each poll answers the same user with a queue that moved.
    const api = twoFactorApi(Infinity, (index) =>
      user('tomas', { twoFactor: true, overrides: { queue: [String(index)] } }),
    )
    const here = client({ adapter: api.adapter, twoFactorLifetimeMs: 1_000 })
    await here.createSession(twoFactor)
    const { result } = renderHook(() => useWaitForTwoFactor({ intervalMs: 100 }), {
      wrapper: ({ children }) => <PixwelProvider client={here}>{children}</PixwelProvider>,
    })
    await act(() => vi.advanceTimersByTimeAsync(1_000))
    expect(result.current.error?.kind).toBe('timeout')
    expect(here.getSession()).toMatchObject({ reason: 'two-factor-expired' })
  })

  it('a remount does not restart the clock', async () => {
    vi.useFakeTimers()
    const here = client({ adapter: twoFactorApi().adapter, twoFactorLifetimeMs: 1_000 })
    await here.createSession(twoFactor)
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <PixwelProvider client={here}>{children}</PixwelProvider>
    )
    const first = renderHook(() => useWaitForTwoFactor({ intervalMs: 100 }), { wrapper })
    await act(() => vi.advanceTimersByTimeAsync(600))
    first.unmount()
    const second = renderHook(() => useWaitForTwoFactor({ intervalMs: 100 }), { wrapper })
    expect(second.result.current.expiresAt).toBe(first.result.current.expiresAt)
    await act(() => vi.advanceTimersByTimeAsync(400))
    expect(here.getSession()).toMatchObject({ reason: 'two-factor-expired' })
    expect(second.result.current.error?.kind).toBe('timeout')
  })

  it('a poll answered with another account does not verify this challenge', async () => {
    vi.useFakeTimers()
    const api = twoFactorApi(Infinity, (index) =>
      index === 0 ? user('tomas', { twoFactor: true }) : user('ada'),
    )
    const here = client({ adapter: api.adapter, twoFactorLifetimeMs: 1_000 })
    await here.createSession(twoFactor)
    let verified = false
    const waiting = here.waitForTwoFactor({ intervalMs: 100 }).then(
      () => (verified = true),
      (error: unknown) => error,
    )
    await vi.advanceTimersByTimeAsync(500)
    expect(verified).toBe(false)
    expect(here.getSession()).toMatchObject({
      status: 'two-factor-required',
      session: { id: 'tomas' },
    })
    await vi.advanceTimersByTimeAsync(500)
    expect(await waiting).toMatchObject({ kind: 'timeout' })
  })

  it('a shorter timeoutMs brings expiresAt forward for every wait, a longer one never back', async () => {
    vi.useFakeTimers()
    const here = client({ adapter: twoFactorApi().adapter, twoFactorLifetimeMs: 10_000 })
    await here.createSession(twoFactor)
    const at = (here.getSession() as { expiresAt: number }).expiresAt
    const other = here.waitForTwoFactor({ intervalMs: 1_000 }).catch((error: unknown) => error)
    const short = here
      .waitForTwoFactor({ intervalMs: 1_000, timeoutMs: 2_000 })
      .catch((error: unknown) => error)
    expect((here.getSession() as { expiresAt: number }).expiresAt).toBe(at - 8_000)
    void here.waitForTwoFactor({ timeoutMs: 5_000 }).catch(() => undefined)
    expect((here.getSession() as { expiresAt: number }).expiresAt).toBe(at - 8_000)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(await other).toMatchObject({ kind: 'timeout' })
    expect(await short).toMatchObject({ kind: 'timeout' })
  })

  it('a sign-out or a newer sign-in ends the waits with aborted', async () => {
    const here = client({ adapter: twoFactorApi().adapter })
    await here.createSession(twoFactor)
    const bySignOut = here.waitForTwoFactor({ intervalMs: 1_000 }).catch((error: unknown) => error)
    here.signOut()
    expect(await bySignOut).toMatchObject({ kind: 'aborted' })
    await here.createSession(twoFactor)
    const byNewer = here.waitForTwoFactor({ intervalMs: 1_000 }).catch((error: unknown) => error)
    await here.createSession({ username: 'tomas@example.com', password: 'another try' })
    expect(await byNewer).toMatchObject({ kind: 'aborted' })
    // The newer sign-in has its own challenge.
    expect(here.getSession().status).toBe('two-factor-required')
  })

  it('a signal is honoured at once while a kept session is being restored', async () => {
    const hold = deferred<string | null>()
    const storage: PixwelStorage = {
      getItem: () => hold.promise,
      setItem: () => undefined,
      removeItem: () => undefined,
    }
    const here = client({ persist: storage, adapter: twoFactorApi().adapter })
    expect(here.getSession().status).toBe('restoring')
    const controller = new AbortController()
    const waiting = here
      .waitForTwoFactor({ signal: controller.signal })
      .catch((error: unknown) => error)
    controller.abort()
    expect(await waiting).toMatchObject({ kind: 'aborted' })
    hold.resolve(null)
  })
})

describe('change detection by value', () => {
  it('a refresh whose answer only reorders keys changes nothing: no event, the same snapshot', async () => {
    const studios = (reversed: boolean) =>
      reversed
        ? [{ name: 'North', id: 'n', tags: { b: 2, a: 1 } }]
        : [{ id: 'n', name: 'North', tags: { a: 1, b: 2 } }]
    const api = fakePixwel((_, index) => ({
      status: 200,
      body: user('ada', { overrides: { studios: studios(index > 0) } }),
    }))
    const here = client({ adapter: api.adapter })
    await here.createSession({ token: 'pat_one_0123456789' })
    const before = here.getSession()
    const seen: PixwelClientEvent[] = []
    here.subscribe((event) => seen.push(event))
    await here.refreshSession()
    expect(api.posts()).toHaveLength(2)
    expect(here.getSession()).toBe(before)
    expect(seen).toEqual([])
  })

  it('a refresh that really changed the session is an update', async () => {
    const api = fakePixwel((_, index) => ({
      status: 200,
      body: user('ada', { overrides: { roles: index > 0 ? ['admin'] : [] } }),
    }))
    const here = client({ adapter: api.adapter })
    await here.createSession({ token: 'pat_one_0123456789' })
    const seen: PixwelClientEvent[] = []
    here.subscribe((event) => seen.push(event))
    await here.refreshSession()
    expect(seen.map((event) => event.type)).toEqual(['updated'])
  })
})

describe('the snapshot says why', () => {
  it('absent at creation; sign-out, unauthorized and not-restored each say so', async () => {
    let revoke = false
    const api = fakePixwel((authorization) =>
      revoke || authorization.includes('revoked')
        ? { status: 401 }
        : { status: 200, body: user('ada') },
    )
    const here = client({ adapter: api.adapter })
    expect(here.getSession()).toEqual({ status: 'signed-out', session: null })
    expect(here.getSession().status === 'signed-out' && here.getSession()).not.toHaveProperty(
      'reason',
      expect.anything(),
    )
    await here.createSession({ token: 'pat_one_0123456789' })
    here.signOut()
    expect(here.getSession()).toMatchObject({ reason: 'sign-out', crossTab: false })
    await here.createSession({ token: 'pat_one_0123456789' })
    revoke = true
    await here.refreshSession().catch(() => undefined)
    expect(here.getSession()).toMatchObject({
      reason: 'unauthorized',
      error: { kind: 'unauthorized' },
    })
    const kept = client({
      adapter: api.adapter,
      persist: memory('pat_revoked_0123456789').storage,
    })
    await kept.whenRestored()
    expect(kept.getSession()).toMatchObject({
      reason: 'not-restored',
      error: { kind: 'unauthorized' },
    })
  })

  it('useRefreshSession while signed out: the error is the mutation’s, no unhandled rejection', async () => {
    const here = client({ adapter: fakePixwel().adapter })
    const { result } = renderHook(() => ({ refresh: useRefreshSession(), state: useSession() }), {
      wrapper: ({ children }) => <PixwelProvider client={here}>{children}</PixwelProvider>,
    })
    act(() => result.current.refresh.mutate())
    await waitFor(() => expect(result.current.refresh.error?.kind).toBe('unauthorized'))
    await here.createSession({ token: 'pat_one_0123456789' })
    act(() => result.current.refresh.mutate())
    await waitFor(() => expect(result.current.refresh.isSuccess).toBe(true))
    expect(result.current.refresh.data?.id).toBe('ada')
  })
})

describe('nothing hangs on the server', () => {
  it('refreshSession(), waitForTwoFactor() and whenRestored() on a server client settle with configuration', async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'window')
    Reflect.deleteProperty(globalThis, 'window')
    let server: PixwelClient
    try {
      server = createPixwelClient({ baseURL: testBaseURL, persist: 'local' })
    } finally {
      if (saved) Object.defineProperty(globalThis, 'window', saved)
    }
    clients.push(server)
    expect(server.getSession().status).toBe('restoring')
    for (const call of [
      () => server.refreshSession(),
      () => server.waitForTwoFactor(),
      () => server.whenRestored(),
    ]) {
      const error = (await call().catch((failure: unknown) => failure)) as Error
      expect(error).toMatchObject({ kind: 'configuration' })
      expect(error.message).toMatch(/server/)
    }
  })

  it('<Suspense> still renders in the browser once a kept session is restored', async () => {
    const { storage } = memory('pat_one_0123456789')
    const here = client({ persist: storage, adapter: fakePixwel().adapter })
    function Name() {
      const state = useSession()
      return <p>{state.status}</p>
    }
    const view = render(
      <PixwelProvider client={here}>
        <Suspense fallback={<p>wait</p>}>
          <Name />
        </Suspense>
      </PixwelProvider>,
    )
    await waitFor(() => expect(view.container.textContent).toBe('signed-in'))
  })
})

describe('clients made by the provider are owned by it', () => {
  it('StrictMode: one kept token, one restore request', async () => {
    localStorage.setItem(key, stored('pat_one_0123456789'))
    const requests: string[] = []
    // The provider's options cannot carry an adapter: MSW counts what the page sends.
    const { server, restore } = await interceptSessionRequests(requests)
    try {
      const view = render(
        <StrictMode>
          <PixwelProvider options={{ baseURL: testBaseURL, persist: 'local' }}>
            <Status />
          </PixwelProvider>
        </StrictMode>,
      )
      await waitFor(() => expect(view.container.textContent).toBe('signed-in'))
      await settle(50)
      expect(requests).toHaveLength(1)
    } finally {
      restore()
      server.close()
      localStorage.clear()
    }
  })

  it('an unmount and an options change dispose of the client made: its timer sends nothing any more', async () => {
    localStorage.setItem(key, stored('pat_one_0123456789'))
    const requests: string[] = []
    const { server, restore } = await interceptSessionRequests(requests)
    const seen: PixwelClient[] = []
    function Grab() {
      seen.push(usePixwelClientForTest())
      return <Status />
    }
    try {
      const options = { baseURL: testBaseURL, persist: 'local' as const, refreshIntervalMs: 40 }
      const view = render(
        <PixwelProvider options={options}>
          <Grab />
        </PixwelProvider>,
      )
      await waitFor(() => expect(view.container.textContent).toBe('signed-in'))
      const first = seen.at(-1)
      view.rerender(
        <PixwelProvider options={{ ...options, timeoutMs: 5_000 }}>
          <Grab />
        </PixwelProvider>,
      )
      await waitFor(() => expect(view.container.textContent).toBe('signed-in'))
      const second = seen.at(-1)
      expect(second).not.toBe(first)
      await settle(10)
      await expect(first?.refreshSession()).rejects.toMatchObject({ kind: 'configuration' })
      expect(first?.isSignedIn()).toBe(false)
      view.unmount()
      await settle(10)
      expect(second?.isSignedIn()).toBe(false)
      const after = requests.length
      await settle(200)
      expect(requests.length).toBe(after)
    } finally {
      restore()
      server.close()
      localStorage.clear()
    }
  })

  it('options that are not a plain object give configuration', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    for (const options of [null, 'staging', [], new Map(), 42]) {
      expect(() =>
        render(
          <PixwelProvider options={options as never}>
            <p>app</p>
          </PixwelProvider>,
        ),
      ).toThrow(expect.objectContaining({ kind: 'configuration' }))
    }
    vi.mocked(console.error).mockRestore()
  })
})

function Status() {
  return <>{useSession().status}</>
}

/** MSW in this jsdom page, recording each `POST /session`'s Authorization. */
async function interceptSessionRequests(requests: string[]) {
  const server = setupServer(
    ...createPixwelHandlers({
      baseURL: testBaseURL,
      accounts: [{ token: 'pat_one_0123456789', session: { _id: 'ada', name: 'Ada' } }],
    }),
  )
  server.listen({ onUnhandledRequest: 'error' })
  server.events.on('request:start', ({ request }) => {
    if (request.url.endsWith('/session')) requests.push(request.headers.get('authorization') ?? '')
  })
  await Promise.resolve()
  return { server, restore: () => server.resetHandlers() }
}

describe('pixwelSignedOutMessage: each reason in plain words', () => {
  it('words every reason, and says nothing where nothing was lost', async () => {
    const { pixwelSignedOutMessage } = await import('../../src/index')
    const api = fakePixwel((authorization) =>
      authorization.includes('revoked') ? { status: 401 } : { status: 200, body: user('ada') },
    )
    const here = client({ adapter: api.adapter })
    expect(pixwelSignedOutMessage(here.getSession())).toBeNull()
    await here.createSession({ token: 'pat_one_0123456789' })
    expect(pixwelSignedOutMessage(here.getSession())).toBeNull()
    here.signOut()
    expect(pixwelSignedOutMessage(here.getSession())).toBe('You are signed out.')
    expect(pixwelSignedOutMessage(here.getSession(), { 'sign-out': 'Vous êtes déconnecté.' })).toBe(
      'Vous êtes déconnecté.',
    )
    const kept = client({ adapter: api.adapter, persist: memory('pat_revoked_0123456789').storage })
    await kept.whenRestored()
    expect(pixwelSignedOutMessage(kept.getSession())).toMatch(/could not be restored/)
    const none = client({ adapter: api.adapter, persist: memory().storage })
    expect(pixwelSignedOutMessage(none.getSession())).toBeNull()
  })
})
