// @vitest-environment jsdom
/**
 * "Session continuity": opt-in persistence of token sessions, restore by itself, refresh, and
 * the email-based two-factor path, against the test kit's MSW handlers.
 */
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { Suspense } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  usePreferences,
  useSession,
  useSuspenseSession,
  useWaitForTwoFactor,
  type PixwelClient,
  type PixwelClientEvent,
  type PixwelStorage,
} from '../../src/index'
import { createPixwelHandlers, createTwoFactorMailbox } from '../../src/testing/index'
import {
  findSecrets,
  sentinelPassword,
  sentinelToken,
  sentinelUser,
} from '../adversarial/support/sentinels'
import { testBaseURL } from '../support/pixwelWrapper'

const otherBaseURL = 'https://other.pixwel.test/api'
const twoFactorToken = 'pat_twofactor_0123456789'
const revokedToken = 'pat_revoked_0123456789'
const mailbox = createTwoFactorMailbox()
const requests: { url: string; authorization: string | null }[] = []
let serverDown = false

const accounts = [
  { username: sentinelUser, password: sentinelPassword, session: { _id: 'ada', name: 'Ada' } },
  { token: sentinelToken, session: { _id: 'ada', name: 'Ada' } },
  {
    username: 'two-factor@example.com',
    password: sentinelPassword,
    token: twoFactorToken,
    scenario: 'two-factor-required' as const,
    session: { _id: 'tomas', name: 'Tomas' },
  },
]

const server = setupServer(
  http.post(`${testBaseURL}/session`, () => {
    if (serverDown) return HttpResponse.json({ error: 'down' }, { status: 503 })
    return undefined
  }),
  http.post(`${testBaseURL}/session`, ({ request }) => {
    if (request.headers.get('authorization') === `Bearer ${revokedToken}`) {
      return HttpResponse.json({ error: 'Unauthorized' }, { status: 401 })
    }
    return undefined
  }),
  ...createPixwelHandlers({ baseURL: testBaseURL, accounts, twoFactor: mailbox }),
  ...createPixwelHandlers({ baseURL: otherBaseURL, accounts }),
)

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' })
  server.events.on('request:start', ({ request }) => {
    requests.push({ url: request.url, authorization: request.headers.get('authorization') })
  })
})
afterEach(() => {
  requests.length = 0
  serverDown = false
  mailbox.reset()
  server.resetHandlers()
  vi.useRealTimers()
})
afterAll(async () => {
  // Handlers some tests slowed down may still be answering requests their client gave up:
  // let them finish while the page's globals (ProgressEvent…) still exist.
  await new Promise((resolve) => setTimeout(resolve, 500))
  server.close()
})

/** A storage that records every call, synchronous or answering with promises. */
function memoryStorage(options: { async?: boolean; throws?: boolean } = {}) {
  const items = new Map<string, string>()
  const calls: string[] = []
  const answer = <T,>(value: T): T | Promise<T> => (options.async ? Promise.resolve(value) : value)
  const storage: PixwelStorage & { items: Map<string, string>; calls: string[] } = {
    items,
    calls,
    getItem(key) {
      calls.push(`get ${key}`)
      if (options.throws) throw new Error('SecurityError: storage disabled')
      return answer(items.get(key) ?? null)
    },
    setItem(key, value) {
      calls.push(`set ${key}`)
      if (options.throws) throw new Error('QuotaExceededError')
      items.set(key, value)
      return answer(undefined)
    },
    removeItem(key) {
      calls.push(`remove ${key}`)
      if (options.throws) throw new Error('SecurityError: storage disabled')
      items.delete(key)
      return answer(undefined)
    },
  }
  return storage
}

function keep(storage: ReturnType<typeof memoryStorage>, token: string, baseURL = testBaseURL) {
  storage.items.set(`pixwel-react:token:${baseURL}`, JSON.stringify({ v: 1, baseURL, token }))
}

function sessionPosts() {
  return requests.filter((request) => request.url.endsWith('/session'))
}

function events(client: PixwelClient) {
  const seen: PixwelClientEvent[] = []
  client.subscribe((event) => seen.push(event))
  return seen
}

describe('1. opt-in persistence of token sessions only', () => {
  it('a token sign-in keeps the token under a key of the API root', async () => {
    const storage = memoryStorage()
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    await client.createSession({ token: sentinelToken })
    expect([...storage.items.keys()]).toEqual([`pixwel-react:token:${testBaseURL}`])
    // The token, its root, and the keep's id (random: what the other tabs name, not the token).
    expect(JSON.parse(storage.items.get(`pixwel-react:token:${testBaseURL}`)!)).toEqual({
      v: 1,
      baseURL: testBaseURL,
      token: sentinelToken,
      kid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
    client.dispose()
  })

  it('a password sign-in keeps nothing of the password and forgets a token kept before', async () => {
    const storage = memoryStorage()
    keep(storage, sentinelToken)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    await client.whenRestored()
    await client.createSession({ username: sentinelUser, password: sentinelPassword })
    expect(client.getSession().status).toBe('signed-in')
    expect(storage.items.size).toBe(0)
    expect(storage.calls.filter((call) => call.startsWith('set'))).toEqual([])
    // Nothing of the password or the Basic value, in any form, anywhere in the storage.
    expect(findSecrets(JSON.stringify([...storage.items]))).toEqual([])
    client.dispose()
  })

  it('a token sign-in with persist: false keeps nothing and forgets a token kept before', async () => {
    const storage = memoryStorage()
    keep(storage, 'pat_previous_account_token')
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    await client.whenRestored().catch(() => undefined)
    await client.createSession({ token: sentinelToken, persist: false })
    expect(storage.items.size).toBe(0)
    client.dispose()
  })

  it.each([
    ['throws on every call', memoryStorage({ throws: true })],
    ['answers with promises', memoryStorage({ async: true })],
  ])('a storage that %s never breaks a sign-in', async (_, storage) => {
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    await client.whenRestored()
    const session = await client.createSession({ token: sentinelToken })
    expect(session.id).toBe('ada')
    expect(client.getSession().status).toBe('signed-in')
    client.dispose()
  })

  it.each([
    ['not JSON', '{{{'],
    ['another root', JSON.stringify({ v: 1, baseURL: otherBaseURL, token: sentinelToken })],
    [
      'a token that cannot be a token',
      JSON.stringify({ v: 1, baseURL: testBaseURL, token: 'a b\r\nX: y' }),
    ],
    ['a password', JSON.stringify({ v: 1, baseURL: testBaseURL, password: sentinelPassword })],
    ['an unknown version', JSON.stringify({ v: 2, baseURL: testBaseURL, token: sentinelToken })],
    ['huge', 'x'.repeat(100_000)],
  ])('a tampered value (%s) is treated as empty: nothing is sent', async (_, value) => {
    const storage = memoryStorage()
    storage.items.set(`pixwel-react:token:${testBaseURL}`, value)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    expect(client.getSession().status).toBe('signed-out')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(sessionPosts()).toEqual([])
    client.dispose()
  })

  it('without persist nothing changes: memory only', async () => {
    const getItem = vi.spyOn(Storage.prototype, 'getItem')
    const setItem = vi.spyOn(Storage.prototype, 'setItem')
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession({ token: sentinelToken })
    expect(getItem).not.toHaveBeenCalled()
    expect(setItem).not.toHaveBeenCalled()
    getItem.mockRestore()
    setItem.mockRestore()
    client.dispose()
  })

  it("persist: 'local' uses the page's localStorage", async () => {
    localStorage.clear()
    const client = createPixwelClient({ baseURL: testBaseURL, persist: 'local' })
    await client.createSession({ token: sentinelToken })
    expect(localStorage.getItem(`pixwel-react:token:${testBaseURL}`)).toContain(sentinelToken)
    client.signOut()
    expect(localStorage.length).toBe(0)
    client.dispose()
  })
})

describe('2. restore by itself', () => {
  it('a kept token signs in again on creation: restoring, then signed-in, with Bearer', async () => {
    const storage = memoryStorage()
    keep(storage, sentinelToken)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    expect(client.getSession().status).toBe('restoring')
    const seen = events(client)
    const settled = await client.whenRestored()
    expect(settled.status).toBe('signed-in')
    expect(seen.map((event) => event.type)).toEqual(['signed-in'])
    expect(sessionPosts().map((request) => request.authorization)).toEqual([
      `Bearer ${sentinelToken}`,
    ])
    client.dispose()
  })

  it('the first render is restoring, never signed-out, then the user', async () => {
    const storage = memoryStorage()
    keep(storage, sentinelToken)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    const statuses: string[] = []
    function Status() {
      const { status } = useSession()
      statuses.push(status)
      return <p data-testid="status">{status}</p>
    }
    render(
      <PixwelProvider client={client}>
        <Status />
      </PixwelProvider>,
    )
    expect(statuses[0]).toBe('restoring')
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-in'))
    expect(statuses).not.toContain('signed-out')
    client.dispose()
  })

  it('with a storage that answers with promises, restoring while getItem is pending', async () => {
    const storage = memoryStorage({ async: true })
    keep(storage, sentinelToken)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    expect(client.getSession().status).toBe('restoring')
    expect((await client.whenRestored()).status).toBe('signed-in')
    client.dispose()
  })

  it('an empty promise-returning storage ends signed-out, with no request', async () => {
    const client = createPixwelClient({
      baseURL: testBaseURL,
      persist: memoryStorage({ async: true }),
    })
    expect(client.getSession().status).toBe('restoring')
    const settled = await client.whenRestored()
    expect(settled).toEqual({
      status: 'signed-out',
      session: null,
      reason: 'not-restored',
      crossTab: false,
    })
    expect(sessionPosts()).toEqual([])
    client.dispose()
  })

  it('a revoked token (401) ends signed-out and is forgotten', async () => {
    const storage = memoryStorage()
    keep(storage, revokedToken)
    const onUnauthorized = vi.fn()
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage, onUnauthorized })
    const seen = events(client)
    const settled = await client.whenRestored()
    expect(settled.status).toBe('signed-out')
    expect(
      settled.status === 'signed-out' && settled.reason === 'not-restored' && settled.error?.kind,
    ).toBe('unauthorized')
    expect(storage.items.size).toBe(0)
    expect(seen).toEqual([expect.objectContaining({ type: 'signed-out', reason: 'not-restored' })])
    client.dispose()
  })

  it('a 5xx ends unreachable (not signed out), keeps the token, and says why', async () => {
    serverDown = true
    const storage = memoryStorage()
    keep(storage, sentinelToken)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    const settled = await client.whenRestored()
    expect(settled.status === 'unreachable' && settled.error.kind).toBe('server')
    expect(storage.items.size).toBe(1)
    client.dispose()
  })

  it('a sign-in started during a restore supersedes it; the status never stays restoring', async () => {
    const storage = memoryStorage()
    keep(storage, sentinelToken)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    expect(client.getSession().status).toBe('restoring')
    const signIn = client.createSession({ username: sentinelUser, password: 'wrong' })
    expect(client.getSession().status).toBe('signed-out')
    await expect(signIn).rejects.toMatchObject({ kind: 'invalid-credentials' })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(client.getSession().status).toBe('signed-out')
    client.dispose()
  })

  it('a sign-out removes the kept token, and so does a sign-out in another tab', async () => {
    const storage = memoryStorage()
    const here = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    const there = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    await here.createSession({ token: sentinelToken })
    await there.createSession({ token: sentinelToken })
    expect(storage.items.size).toBe(1)
    here.signOut()
    expect(storage.items.size).toBe(0)
    await there.createSession({ token: sentinelToken })
    await waitFor(() => expect(storage.items.size).toBe(1))
    here.signOut()
    await waitFor(() => expect(there.isSignedIn()).toBe(false))
    expect(storage.items.size).toBe(0)
    here.dispose()
    there.dispose()
  })

  it('two API roots on one storage are kept apart: each token goes only to its root', async () => {
    const storage = memoryStorage()
    const first = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    const second = createPixwelClient({ baseURL: otherBaseURL, persist: storage })
    await first.createSession({ token: sentinelToken })
    await second.createSession({ token: sentinelToken })
    expect(storage.items.size).toBe(2)
    first.signOut()
    expect([...storage.items.keys()]).toEqual([`pixwel-react:token:${otherBaseURL}`])
    requests.length = 0
    const reloaded = createPixwelClient({ baseURL: otherBaseURL, persist: storage })
    await reloaded.whenRestored()
    expect(requests.map((request) => new URL(request.url).origin)).toEqual([
      new URL(otherBaseURL).origin,
    ])
    for (const client of [first, second, reloaded]) client.dispose()
  })

  it('useSuspenseSession suspends while restoring, then renders the narrowed session', async () => {
    const storage = memoryStorage({ async: true })
    keep(storage, sentinelToken)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    function Name() {
      const state = useSuspenseSession()
      return <p>{state.session === null ? 'nobody' : state.session.name}</p>
    }
    render(
      <PixwelProvider client={client}>
        <Suspense fallback={<p>restoring…</p>}>
          <Name />
        </Suspense>
      </PixwelProvider>,
    )
    expect(screen.getByText('restoring…')).toBeDefined()
    expect(await screen.findByText('Ada')).toBeDefined()
    client.dispose()
  })
})

describe('4. refresh', () => {
  it('sends POST /session again with the held credentials and re-renders only on a change', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession({ username: sentinelUser, password: sentinelPassword })
    let renders = 0
    renderHook(
      () => {
        renders++
        return [useSession(), usePreferences()]
      },
      {
        wrapper: ({ children }) => <PixwelProvider client={client}>{children}</PixwelProvider>,
      },
    )
    renders = 0
    const before = client.getSession()
    const again = await act(() => client.refreshSession())
    // The same answer: no change, no render, the same objects.
    expect(again).toBe(before.session)
    expect(client.getSession()).toBe(before)
    expect(renders).toBe(0)
    expect(sessionPosts().at(-1)?.authorization).toMatch(/^Basic /)
    client.dispose()
  })

  it('a changed answer replaces the snapshot and tells the listeners "updated"', async () => {
    let name = 'Ada'
    server.use(
      http.post(`${testBaseURL}/session`, () =>
        HttpResponse.json({ _id: 'ada', name, username: sentinelUser }),
      ),
    )
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession({ token: sentinelToken })
    const seen = events(client)
    name = 'Ada Lovelace'
    const session = await client.refreshSession()
    expect(session.name).toBe('Ada Lovelace')
    expect(client.getSession().session?.name).toBe('Ada Lovelace')
    expect(seen.map((event) => event.type)).toEqual(['updated'])
    client.dispose()
  })

  it('joins a refresh in flight: one request for three calls', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession({ token: sentinelToken })
    requests.length = 0
    const [a, b, c] = await Promise.all([
      client.refreshSession(),
      client.refreshSession(),
      client.refreshSession(),
    ])
    expect(a).toBe(b)
    expect(b).toBe(c)
    expect(sessionPosts()).toHaveLength(1)
    client.dispose()
  })

  it('joins a sign-in in flight instead of running beside it', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    const signIn = client.createSession({ token: sentinelToken })
    const refresh = client.refreshSession()
    expect(await refresh).toBe(await signIn)
    expect(sessionPosts()).toHaveLength(1)
    client.dispose()
  })

  it('while signed out it sends nothing and rejects with unauthorized', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await expect(client.refreshSession()).rejects.toMatchObject({ kind: 'unauthorized' })
    expect(requests).toEqual([])
  })

  it('a 401 signs out, rejects with unauthorized and calls onUnauthorized', async () => {
    const onUnauthorized = vi.fn()
    const client = createPixwelClient({ baseURL: testBaseURL, onUnauthorized })
    await client.createSession({ token: sentinelToken })
    server.use(
      http.post(`${testBaseURL}/session`, () =>
        HttpResponse.json({ error: 'Unauthorized' }, { status: 401 }),
      ),
    )
    await expect(client.refreshSession()).rejects.toMatchObject({ kind: 'unauthorized' })
    expect(client.getSession().status).toBe('signed-out')
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    client.dispose()
  })

  it('refreshIntervalMs refreshes while signed in (±10 % jitter) and stops on sign-out (fake timers)', async () => {
    vi.useFakeTimers()
    const client = createPixwelClient({ baseURL: testBaseURL, refreshIntervalMs: 60_000 })
    await vi.advanceTimersByTimeAsync(180_000)
    expect(sessionPosts()).toHaveLength(0)
    await client.createSession({ token: sentinelToken })
    await vi.advanceTimersByTimeAsync(53_000)
    expect(sessionPosts()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(13_000)
    expect(sessionPosts()).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(66_000)
    expect(sessionPosts()).toHaveLength(3)
    client.signOut()
    await vi.advanceTimersByTimeAsync(600_000)
    expect(sessionPosts()).toHaveLength(3)
    expect(vi.getTimerCount()).toBe(0)
    client.dispose()
  })

  it('refreshOnFocus refreshes when the window regains focus, only while signed in', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL, refreshOnFocus: true })
    window.dispatchEvent(new Event('focus'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(sessionPosts()).toHaveLength(0)
    await client.createSession({ token: sentinelToken })
    window.dispatchEvent(new Event('focus'))
    await waitFor(() => expect(sessionPosts()).toHaveLength(2))
    client.signOut()
    window.dispatchEvent(new Event('focus'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(sessionPosts()).toHaveLength(2)
    client.dispose()
  })

  it('refreshes are off by default', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession({ token: sentinelToken })
    window.dispatchEvent(new Event('focus'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(sessionPosts()).toHaveLength(1)
    client.dispose()
  })
})

describe('5. the two-factor path, as Pixwel runs it', () => {
  const twoFactor = { username: 'two-factor@example.com', password: sentinelPassword }

  async function openTheLink() {
    const [message] = mailbox.messages()
    expect(message?.to).toBe('two-factor@example.com')
    const response = await fetch(message!.link)
    expect(response.status).toBe(200)
  }

  it('waitForTwoFactor resolves once the API reports the sign-in verified', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(twoFactor)
    expect(client.getSession().status).toBe('two-factor-required')
    const waiting = client.waitForTwoFactor({ intervalMs: 30 })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(client.getSession().status).toBe('two-factor-required')
    await openTheLink()
    const session = await waiting
    expect(session.twoFactor).toEqual({ enforced: true, verified: true, required: false })
    expect(client.getSession().status).toBe('signed-in')
    // One link for all the polls.
    expect(mailbox.messages()).toHaveLength(1)
    client.dispose()
  })

  it('after timeoutMs it rejects with timeout, forgets the credentials and ends signed-out', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(twoFactor)
    const seen = events(client)
    await expect(client.waitForTwoFactor({ intervalMs: 20, timeoutMs: 120 })).rejects.toMatchObject(
      { kind: 'timeout' },
    )
    expect(client.isSignedIn()).toBe(false)
    expect(client.getSession().status).toBe('signed-out')
    expect(seen.at(-1)).toMatchObject({ type: 'signed-out', reason: 'two-factor-expired' })
    client.dispose()
  })

  it('a signal or a sign-out ends it with aborted', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(twoFactor)
    const controller = new AbortController()
    const bySignal = client.waitForTwoFactor({ intervalMs: 20, signal: controller.signal })
    controller.abort()
    await expect(bySignal).rejects.toMatchObject({ kind: 'aborted' })
    expect(client.getSession().status).toBe('two-factor-required')
    const bySignOut = client.waitForTwoFactor({ intervalMs: 20 })
    client.signOut()
    await expect(bySignOut).rejects.toMatchObject({ kind: 'aborted' })
    client.dispose()
  })

  it('never polls beside another request', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(twoFactor)
    let inFlight = 0
    let most = 0
    server.use(
      http.post(`${testBaseURL}/session`, async () => {
        inFlight++
        most = Math.max(most, inFlight)
        await new Promise((resolve) => setTimeout(resolve, 40))
        inFlight--
        return undefined
      }),
    )
    const controller = new AbortController()
    const waiting = client.waitForTwoFactor({ intervalMs: 5, signal: controller.signal })
    void client.refreshSession()
    await new Promise((resolve) => setTimeout(resolve, 200))
    controller.abort()
    await waiting.catch(() => undefined)
    expect(most).toBe(1)
    client.dispose()
  })

  it('a token sign-in of a two-factor account is signed in at once', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession({ token: twoFactorToken })
    expect(client.getSession().status).toBe('signed-in')
    client.dispose()
  })

  it('useWaitForTwoFactor: the page becomes signed in by itself once the link is opened', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(twoFactor)
    function Page() {
      const { status } = useSession()
      const { waiting } = useWaitForTwoFactor({ intervalMs: 30 })
      return (
        <p data-testid="page">
          {status} {waiting ? 'waiting' : ''}
        </p>
      )
    }
    render(
      <PixwelProvider client={client}>
        <Page />
      </PixwelProvider>,
    )
    expect(screen.getByTestId('page').textContent).toBe('two-factor-required waiting')
    await openTheLink()
    await waitFor(() => expect(screen.getByTestId('page').textContent?.trim()).toBe('signed-in'))
    client.dispose()
  })
})

describe('found by the attack on continuity', () => {
  const twoFactor = { username: 'two-factor@example.com', password: sentinelPassword }

  it('a 401 while a refresh of the same credentials is in flight: the session does not come back', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession({ token: sentinelToken })
    server.use(
      http.post(`${testBaseURL}/session`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 80))
        return undefined
      }),
      http.get(`${testBaseURL}/projects`, () => HttpResponse.json({}, { status: 401 })),
    )
    const refresh = client.refreshSession()
    await client.http.get('/projects').catch(() => undefined)
    await expect(refresh).rejects.toBeDefined()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(client.getSession().status).toBe('signed-out')
    expect(client.isSignedIn()).toBe(false)
  })

  it.each([
    ['a synchronous', memoryStorage()],
    ['an asynchronous', memoryStorage({ async: true })],
  ])('dispose() while restoring from %s storage ends restoring', async (_, storage) => {
    keep(storage, sentinelToken)
    server.use(
      http.post(`${testBaseURL}/session`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 300))
        return undefined
      }),
    )
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    const restored = client.whenRestored()
    client.dispose()
    expect((await restored).status).toBe('signed-out')
    expect(storage.items.size).toBe(1)
  })

  it('dispose() ends a wait for two-factor, and a wait after it sends nothing', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(twoFactor)
    const waiting = client.waitForTwoFactor({ intervalMs: 20 })
    client.dispose()
    await expect(waiting).rejects.toMatchObject({ kind: 'aborted' })
    requests.length = 0
    // A disposed client refuses: a wait, a refresh, a sign-in, a request of the app's.
    await expect(client.waitForTwoFactor({ intervalMs: 20 })).rejects.toMatchObject({
      kind: 'configuration',
    })
    await expect(client.refreshSession()).rejects.toMatchObject({ kind: 'configuration' })
    await expect(client.createSession({ token: sentinelToken })).rejects.toMatchObject({
      kind: 'configuration',
    })
    await expect(client.http.get('/projects')).rejects.toMatchObject({ kind: 'configuration' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(sessionPosts()).toEqual([])
  })

  it('the link expiry of one sign-in never signs out the next one', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(twoFactor)
    const first = client.waitForTwoFactor({ intervalMs: 20, timeoutMs: 200 })
    await client.createSession({ token: sentinelToken })
    await expect(first).rejects.toMatchObject({ kind: 'aborted' })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(client.getSession().status).toBe('signed-in')
    expect(client.getSession().session?.id).toBe('ada')
    client.dispose()
  })

  it('persist: false on the token being restored forgets it', async () => {
    const storage = memoryStorage()
    keep(storage, sentinelToken)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    await client.createSession({ token: sentinelToken, persist: false })
    expect(storage.items.size).toBe(0)
    client.dispose()
  })

  it('a getItem that answers with a hostile object counts as empty', () => {
    const storage = memoryStorage()
    storage.getItem = () =>
      ({
        get then(): never {
          throw new Error('hostile')
        },
      }) as never
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    expect(client.getSession().status).toBe('signed-out')
    client.dispose()
  })

  it('refreshSession() during an asynchronous restore waits for it', async () => {
    const storage = memoryStorage({ async: true })
    keep(storage, sentinelToken)
    const client = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    const session = await client.refreshSession()
    expect(session.id).toBe('ada')
    expect(client.getSession().status).toBe('signed-in')
    client.dispose()
  })

  it('a restore hears a sign-out in another tab, subscribed or not', async () => {
    const storage = memoryStorage()
    keep(storage, sentinelToken)
    server.use(
      http.post(`${testBaseURL}/session`, async () => {
        await new Promise((resolve) => setTimeout(resolve, 150))
        return undefined
      }),
    )
    const restoring = createPixwelClient({ baseURL: testBaseURL, persist: storage })
    const other = createPixwelClient({ baseURL: testBaseURL })
    await new Promise((resolve) => setTimeout(resolve, 20))
    other.signOut()
    expect((await restoring.whenRestored()).status).toBe('signed-out')
    expect(storage.items.size).toBe(0)
    restoring.dispose()
    other.dispose()
  })

  it('a new two-factor sign-in does not show the last wait’s expiry', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(twoFactor)
    const { result } = renderHook(() => useWaitForTwoFactor({ intervalMs: 20, timeoutMs: 100 }), {
      wrapper: ({ children }) => <PixwelProvider client={client}>{children}</PixwelProvider>,
    })
    await waitFor(() => expect(result.current.error?.kind).toBe('timeout'))
    await act(() => client.createSession(twoFactor))
    expect(result.current.waiting).toBe(true)
    expect(result.current.error).toBeNull()
    client.dispose()
  })
})
