// @vitest-environment jsdom
/**
 * "One owner for the session": the client holds the session; the React layer mirrors it.
 * Each `describe` is one numbered behaviour of the issue, and each fails on the layer where
 * the session lived in React Query's cache.
 */
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import { act, render, renderHook, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { Profiler, startTransition, useEffect, useState, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import {
  createPixwelClient,
  isPixwelError,
  PixwelProvider,
  sessionQueries,
  useCreateSession,
  usePixwelClient,
  usePreferences,
  useSession,
  useSignOut,
  type PixwelClient,
  type PixwelClientEvent,
} from '../../src/index'
import { createPixwelHandlers } from '../../src/testing/index'
import { setupPixwel, testBaseURL } from '../support/pixwelWrapper'
import { captureWindowErrors } from '../support/windowErrors'

const password = 'Sentinel-Password-0wn3r'
const ada = { username: 'ada@example.com', password }
const bob = { username: 'bob@example.com', password }
const sessionPosts: string[] = []

const server = setupServer(
  ...createPixwelHandlers({
    baseURL: testBaseURL,
    accounts: [
      { ...ada, session: { _id: 'ada', name: 'Ada' } },
      { ...bob, session: { _id: 'bob', name: 'Bob' } },
      { username: 'slow@example.com', password, scenario: 'slow', session: { _id: 'slow' } },
    ],
    delayMs: 300,
  }),
  http.get(`${testBaseURL}/expired`, () => HttpResponse.json({}, { status: 401 })),
  http.get(`${testBaseURL}/projects`, ({ request }) =>
    HttpResponse.json({ auth: request.headers.get('authorization') }),
  ),
)

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' })
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname.endsWith('/session')) sessionPosts.push(request.url)
  })
})
afterEach(() => {
  sessionPosts.length = 0
})
afterAll(() => {
  server.close()
})

function newQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false } } })
}

function Provide({ client, children }: { client: PixwelClient; children?: ReactNode }) {
  const [queryClient] = useState(newQueryClient)
  return (
    <PixwelProvider client={client} queryClient={queryClient}>
      {children}
    </PixwelProvider>
  )
}

/** Keeps the CPU busy for `ms`: a slow component. */
function burn(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) {
    // busy
  }
}

function Who() {
  const { session } = useSession()
  return <p data-testid="who">{session === null ? 'nobody' : session.name}</p>
}

describe('1. a snapshot on the client', () => {
  it('getSession() returns the same object until something changes', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    const signedOut = client.getSession()
    expect(signedOut).toEqual({ status: 'signed-out', session: null })
    expect(client.getSession()).toBe(signedOut)
    const session = await client.createSession(ada)
    const signedIn = client.getSession()
    expect(signedIn).toEqual({ status: 'signed-in', session })
    expect(client.getSession()).toBe(signedIn)
    client.signOut()
    const ended = client.getSession()
    // The snapshot says why: a new object, then the same one until the next change.
    expect(ended).toEqual({
      status: 'signed-out',
      session: null,
      reason: 'sign-out',
      crossTab: false,
    })
    expect(client.getSession()).toBe(ended)
  })

  it('every event carries the new snapshot, with its type and reason', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    const events: PixwelClientEvent[] = []
    client.subscribe((event) => {
      events.push(event)
      expect(event.snapshot).toBe(client.getSession())
    })
    await client.createSession(ada)
    client.signOut()
    expect(events.map((event) => [event.type, event.snapshot.status])).toEqual([
      ['signed-in', 'signed-in'],
      ['signed-out', 'signed-out'],
    ])
    expect(events[1]).toMatchObject({ reason: 'sign-out', crossTab: false })
  })
})

describe('2. every change goes through the client', () => {
  it('a direct client.createSession shows in useSession() and in the cache copy', async () => {
    const { wrapper, client, queryClient } = setupPixwel()
    const { result } = renderHook(() => useSession(), { wrapper })
    expect(result.current.status).toBe('signed-out')
    await act(() => client.createSession(ada))
    expect(result.current.status).toBe('signed-in')
    expect(result.current.session?.name).toBe('Ada')
    expect(queryClient.getQueryData(sessionQueries.current().queryKey)).toBe(
      client.getSession().session,
    )
  })

  it('a provider mounted after the client signed in shows the session on its first render', async () => {
    const { wrapper, client } = setupPixwel()
    await client.createSession(ada)
    const statuses: string[] = []
    renderHook(
      () => {
        const state = useSession()
        statuses.push(state.status)
        return state
      },
      { wrapper },
    )
    expect(statuses[0]).toBe('signed-in')
    expect(new Set(statuses)).toEqual(new Set(['signed-in']))
  })

  it('a 401 on a request with the current credentials empties the view and getSession()', async () => {
    const { wrapper, client, queryClient } = setupPixwel()
    const { result } = renderHook(() => ({ session: useSession(), prefs: usePreferences() }), {
      wrapper,
    })
    await act(() => client.createSession(ada))
    expect(result.current.prefs).not.toBeNull()
    await act(() => client.http.get('/expired').catch(() => undefined))
    expect(client.getSession().status).toBe('signed-out')
    expect(result.current.session.status).toBe('signed-out')
    expect(result.current.prefs).toBeNull()
    expect(queryClient.getQueryData(sessionQueries.current().queryKey)).toBeNull()
  })

  it('the user changing drops the previous user data from the cache', async () => {
    const { wrapper, client, queryClient } = setupPixwel()
    renderHook(() => useSession(), { wrapper })
    await act(() => client.createSession(ada))
    queryClient.setQueryData(['projects'], ['ada project'])
    await act(() => client.createSession(bob))
    expect(queryClient.getQueryData(['projects'])).toBeUndefined()
    expect(queryClient.getQueryData(sessionQueries.current().queryKey)?.name).toBe('Bob')
  })
})

describe('3. the hooks read the client, not the cache', () => {
  it.each([
    ['clear()', (queryClient: QueryClient) => queryClient.clear()],
    ['resetQueries()', (queryClient: QueryClient) => void queryClient.resetQueries()],
    ['removeQueries()', (queryClient: QueryClient) => queryClient.removeQueries()],
    [
      'setQueryData(null) by an app',
      (queryClient: QueryClient) =>
        queryClient.setQueryData(sessionQueries.current().queryKey, null),
    ],
  ])('%s on the QueryClient leaves the view signed in, as the client is', async (_, wipe) => {
    const { wrapper, client, queryClient } = setupPixwel()
    const { result } = renderHook(() => useSession(), { wrapper })
    await act(() => client.createSession(ada))
    act(() => {
      wipe(queryClient)
    })
    expect(client.isSignedIn()).toBe(true)
    expect(result.current.status).toBe('signed-in')
  })

  it('a provider remounted with a fresh QueryClient shows the client signed in', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(ada)
    const first = render(
      <Provide client={client}>
        <Who />
      </Provide>,
    )
    expect(screen.getByTestId('who').textContent).toBe('Ada')
    first.unmount()
    render(
      <Provide client={client}>
        <Who />
      </Provide>,
    )
    expect(screen.getByTestId('who').textContent).toBe('Ada')
  })

  it('a swapped client prop shows the new client, and drops the previous user data', async () => {
    const alice = createPixwelClient({ baseURL: testBaseURL })
    const other = createPixwelClient({ baseURL: testBaseURL })
    await alice.createSession(ada)
    const queryClient = newQueryClient()
    const view = render(
      <PixwelProvider client={alice} queryClient={queryClient}>
        <Who />
      </PixwelProvider>,
    )
    expect(screen.getByTestId('who').textContent).toBe('Ada')
    queryClient.setQueryData(['projects'], ['ada project'])
    view.rerender(
      <PixwelProvider client={other} queryClient={queryClient}>
        <Who />
      </PixwelProvider>,
    )
    expect(screen.getByTestId('who').textContent).toBe('nobody')
    await waitFor(() => {
      expect(queryClient.getQueryData(['projects'])).toBeUndefined()
    })
    expect(queryClient.getQueryData(sessionQueries.current().queryKey)).toBeNull()
  })

  it('nested providers that share a QueryClient each show their own client', async () => {
    const outer = createPixwelClient({ baseURL: testBaseURL })
    const inner = createPixwelClient({ baseURL: testBaseURL })
    await outer.createSession(ada)
    await inner.createSession(bob)
    const queryClient = newQueryClient()
    function Named({ id }: { id: string }) {
      const { session } = useSession()
      return <p data-testid={id}>{session?.name}</p>
    }
    render(
      <QueryClientProvider client={queryClient}>
        <PixwelProvider client={outer}>
          <Named id="outer" />
          <PixwelProvider client={inner}>
            <Named id="inner" />
          </PixwelProvider>
        </PixwelProvider>
      </QueryClientProvider>,
    )
    expect(screen.getByTestId('outer').textContent).toBe('Ada')
    expect(screen.getByTestId('inner').textContent).toBe('Bob')
    await act(async () => {
      await inner.createSession(ada)
    })
    expect(screen.getByTestId('inner').textContent).toBe('Ada')
    expect(screen.getByTestId('outer').textContent).toBe('Ada')
  })

  it('a sign-out landing during a transition render commits no mix of signed in and out', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(ada)
    const commits: string[][] = []
    const recordCommit = () => {
      commits.push(Array.from(container.querySelectorAll('li'), (li) => li.textContent ?? ''))
    }
    const control: { rerender: (round: number) => void } = { rerender: () => undefined }
    function Item() {
      const { status } = useSession()
      // Slow enough that the concurrent render yields between items (every ~5 ms).
      burn(1)
      return <li>{status}</li>
    }
    function List() {
      const [round, setRound] = useState(0)
      useEffect(() => {
        control.rerender = setRound
      }, [])
      return (
        <Profiler id="list" onRender={recordCommit}>
          <ul data-round={round}>
            {Array.from({ length: 100 }, (_, index) => (
              <Item key={index} />
            ))}
          </ul>
        </Profiler>
      )
    }
    // A real concurrent render, scheduled by React as in a browser: not flushed by act().
    const environment = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
    const actEnvironment = environment.IS_REACT_ACT_ENVIRONMENT
    environment.IS_REACT_ACT_ENVIRONMENT = false
    const container = document.createElement('div')
    document.body.append(container)
    const root = createRoot(container)
    try {
      root.render(
        <Provide client={client}>
          <List />
        </Provide>,
      )
      await waitFor(() => expect(container.querySelectorAll('li')).toHaveLength(100))
      commits.length = 0
      startTransition(() => {
        control.rerender(1)
      })
      // Lands while the transition's render is under way (it takes ~100 ms).
      await new Promise((resolve) => setTimeout(resolve, 20))
      client.signOut()
      await waitFor(() => expect(commits.at(-1)?.[0]).toBe('signed-out'))
      expect(commits.length).toBeGreaterThan(0)
      for (const commit of commits) expect(new Set(commit).size).toBe(1)
    } finally {
      root.unmount()
      container.remove()
      environment.IS_REACT_ACT_ENVIRONMENT = actEnvironment
    }
  })

  it('with 200 consumers, one change re-renders each once, and unrelated cache writes none', async () => {
    const { client, queryClient, wrapper } = setupPixwel()
    let renders = 0
    function Consumer() {
      useSession()
      usePreferences()
      renders++
      return null
    }
    render(
      <>
        {Array.from({ length: 200 }, (_, index) => (
          <Consumer key={index} />
        ))}
      </>,
      {
        wrapper,
      },
    )
    renders = 0
    await act(() => client.createSession(ada))
    expect(renders).toBe(200)
    renders = 0
    act(() => {
      queryClient.setQueryData(['unrelated'], 1)
      queryClient.setQueryData(['unrelated'], 2)
    })
    expect(renders).toBe(0)
  })

  it('StrictMode at the root: one subscription mirrors, one sign-in, one event, one channel', async () => {
    const Original = globalThis.BroadcastChannel
    let opened = 0
    globalThis.BroadcastChannel = class Counted extends Original {
      constructor(name: string) {
        super(name)
        opened++
      }
    }
    try {
      const client = createPixwelClient({ baseURL: testBaseURL })
      const events: string[] = []
      client.subscribe((event) => events.push(event.type))
      const queryClient = newQueryClient()
      function SignIn() {
        const signIn = useCreateSession()
        return (
          <button type="button" onClick={() => signIn.mutate(ada)}>
            {signIn.status}
          </button>
        )
      }
      render(
        <PixwelProvider client={client} queryClient={queryClient}>
          <SignIn />
          <Who />
        </PixwelProvider>,
        { reactStrictMode: true },
      )
      act(() => screen.getByRole('button').click())
      await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('Ada'))
      expect(sessionPosts).toHaveLength(1)
      expect(events).toEqual(['signed-in'])
      expect(queryClient.getQueryData(sessionQueries.current().queryKey)?.name).toBe('Ada')
      expect(opened).toBe(1)
      client.dispose()
    } finally {
      globalThis.BroadcastChannel = Original
    }
  })
})

describe('4. concurrency, decided once, in the client', () => {
  it('a second mutateAsync with other credentials aborts the first; nobody gets the other user', async () => {
    const { wrapper, client } = setupPixwel()
    const { result } = renderHook(() => useCreateSession(), { wrapper })
    let first!: Promise<unknown>
    let second!: Promise<unknown>
    act(() => {
      first = result.current.mutateAsync({ username: 'slow@example.com', password }).then(
        (session) => session,
        (error: unknown) => error,
      )
    })
    act(() => {
      second = result.current.mutateAsync(bob)
    })
    const [firstOutcome, secondOutcome] = await Promise.all([first, second])
    expect(isPixwelError(firstOutcome) && firstOutcome.kind).toBe('aborted')
    expect((secondOutcome as { id: string }).id).toBe('bob')
    expect(client.getSession().session?.id).toBe('bob')
  })

  it('the same credentials join the pending sign-in: one request, one session', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    const [a, b] = await Promise.all([client.createSession(ada), client.createSession(ada)])
    expect(a).toBe(b)
    expect(sessionPosts).toHaveLength(1)
  })

  it("a joiner's own signal aborts only its own wait", async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    const slow = { username: 'slow@example.com', password }
    const controller = new AbortController()
    const original = client.createSession(slow)
    const joiner = client.createSession(slow, { signal: controller.signal })
    controller.abort()
    await expect(joiner).rejects.toMatchObject({ kind: 'aborted' })
    expect((await original).id).toBe('slow')
    expect(sessionPosts).toHaveLength(1)
    expect(client.getSession().status).toBe('signed-in')
  })

  it('when every caller aborted, the request is cancelled and nothing is signed in', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    const controller = new AbortController()
    const pending = client.createSession(
      { username: 'slow@example.com', password },
      { signal: controller.signal },
    )
    controller.abort()
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' })
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(client.getSession().status).toBe('signed-out')
  })

  it('a sign-out before the sign-in settles wins, also through the hook', async () => {
    const { wrapper, client } = setupPixwel()
    const { result } = renderHook(() => ({ signIn: useCreateSession(), signOut: useSignOut() }), {
      wrapper,
    })
    act(() => result.current.signIn.mutate({ username: 'slow@example.com', password }))
    act(() => result.current.signOut())
    await waitFor(() => expect(result.current.signIn.error?.kind).toBe('aborted'))
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(client.getSession().status).toBe('signed-out')
    expect(client.isSignedIn()).toBe(false)
  })
})

describe('5. every hook outside a PixwelProvider throws a configuration PixwelError', () => {
  const hooks: [string, () => unknown][] = [
    ['useSession', useSession],
    ['usePreferences', usePreferences],
    ['useCreateSession', useCreateSession],
    ['useSignOut', useSignOut],
    ['usePixwelClient', usePixwelClient],
  ]
  it.each(hooks)('%s, alone and inside a bare QueryClientProvider', (_, hook) => {
    const queryClient = newQueryClient()
    for (const wrapper of [
      undefined,
      ({ children }: { children?: ReactNode }) => (
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      ),
    ]) {
      let thrown: unknown
      const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
      const replayed = captureWindowErrors()
      try {
        renderHook(hook, wrapper ? { wrapper } : {})
      } catch (error) {
        thrown = error
      } finally {
        spy.mockRestore()
        replayed.stop()
      }
      expect(isPixwelError(thrown) && thrown.kind).toBe('configuration')
      // React 18 also replays it on window (React 19 does not), once per render attempt: that
      // error, nothing else.
      for (const error of replayed.errors) {
        expect(isPixwelError(error) && error.message).toBe((thrown as Error).message)
      }
      expect((thrown as Error).message).toMatch(/PixwelProvider/)
    }
  })
})

describe('6. cross-tab in the client', () => {
  it('a sign-out on one client reaches a second client on the same API root, once', async () => {
    const here = createPixwelClient({ baseURL: testBaseURL })
    const there = createPixwelClient({ baseURL: testBaseURL })
    const otherRoot = 'https://other.pixwel.test/api'
    // Another API root answers too: its client signs in, and must not hear this root's sign-out.
    server.use(...createPixwelHandlers({ baseURL: otherRoot, accounts: [ada] }))
    onTestFinished(() => server.resetHandlers())
    const elsewhere = createPixwelClient({ baseURL: otherRoot })
    await Promise.all([
      here.createSession(ada),
      there.createSession(ada),
      elsewhere.createSession(ada),
    ])
    const hereEvents: PixwelClientEvent[] = []
    const thereEvents: PixwelClientEvent[] = []
    here.subscribe((event) => hereEvents.push(event))
    there.subscribe((event) => thereEvents.push(event))
    here.signOut()
    await waitFor(() => expect(there.getSession().status).toBe('signed-out'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(there.isSignedIn()).toBe(false)
    expect(elsewhere.isSignedIn()).toBe(true)
    expect(hereEvents.map((event) => event.type)).toEqual(['signed-out'])
    expect(thereEvents).toEqual([
      expect.objectContaining({ type: 'signed-out', reason: 'sign-out', crossTab: true }),
    ])
    here.dispose()
    there.dispose()
    elsewhere.dispose()
  })

  it('a client already signed out emits nothing for another tab’s sign-out', async () => {
    const here = createPixwelClient({ baseURL: testBaseURL })
    const there = createPixwelClient({ baseURL: testBaseURL })
    const thereEvents: PixwelClientEvent[] = []
    there.subscribe((event) => thereEvents.push(event))
    await here.createSession(ada)
    here.signOut()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(thereEvents).toEqual([])
    here.dispose()
    there.dispose()
  })

  it('a 401 is not broadcast: each tab meets its own', async () => {
    const here = createPixwelClient({ baseURL: testBaseURL })
    const there = createPixwelClient({ baseURL: testBaseURL })
    await here.createSession(ada)
    await there.createSession(ada)
    await here.http.get('/expired').catch(() => undefined)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(here.isSignedIn()).toBe(false)
    expect(there.isSignedIn()).toBe(true)
    here.dispose()
    there.dispose()
  })

  it('a disposed client no longer hears other tabs', async () => {
    const here = createPixwelClient({ baseURL: testBaseURL })
    const there = createPixwelClient({ baseURL: testBaseURL })
    await here.createSession(ada)
    await there.createSession(ada)
    there.dispose()
    here.signOut()
    await new Promise((resolve) => setTimeout(resolve, 50))
    // Its snapshot stays as it was; it holds no credentials any more (it sends nothing).
    expect(there.getSession().status).toBe('signed-in')
    expect(there.isSignedIn()).toBe(false)
    here.dispose()
  })

  it('useSignOut and client.signOut() both reach the other tab', async () => {
    const { wrapper, client } = setupPixwel()
    const there = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(ada)
    await there.createSession(ada)
    const { result } = renderHook(() => useSignOut(), { wrapper })
    act(() => result.current())
    await waitFor(() => expect(there.isSignedIn()).toBe(false))
    await there.createSession(ada)
    client.signOut()
    await waitFor(() => expect(there.isSignedIn()).toBe(false))
    there.dispose()
    client.dispose()
  })
})

describe('8. seeding a signed-in state goes through the client', () => {
  it('a query that needs the credentials gets them: the client, not the cache, is signed in', async () => {
    const { wrapper, client } = setupPixwel()
    await client.createSession(ada)
    const { result } = renderHook(
      () => {
        const http = usePixwelClient().http
        return useQuery({
          queryKey: ['projects'],
          queryFn: async () => (await http.get<{ auth: string | null }>('/projects')).data,
        })
      },
      { wrapper },
    )
    await waitFor(() => expect(result.current.data?.auth).toMatch(/^Basic /))
  })
})

describe('found by the attack on the React layer', () => {
  it('a signOut() inside a signed-out listener still lets later listeners hear the 401', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(ada)
    client.subscribe((event) => {
      if (event.type === 'signed-out' && event.reason === 'unauthorized') client.signOut()
    })
    const later: PixwelClientEvent[] = []
    client.subscribe((event) => later.push(event))
    await client.http.get('/expired').catch(() => undefined)
    expect(later).toEqual([expect.objectContaining({ type: 'signed-out', reason: 'unauthorized' })])
    client.dispose()
  })

  it('an onSuccess that signs out leaves no session in the hook or the mutation cache', async () => {
    const { wrapper, client, queryClient } = setupPixwel()
    const { result } = renderHook(
      () => {
        const signOut = useSignOut()
        return useCreateSession({ onSuccess: () => signOut() })
      },
      { wrapper },
    )
    await act(() => result.current.mutateAsync(ada).catch(() => undefined))
    await waitFor(() => expect(result.current.data).toBeUndefined())
    await waitFor(() =>
      expect(
        queryClient
          .getMutationCache()
          .getAll()
          .map((mutation) => mutation.state.data),
      ).not.toContainEqual(expect.objectContaining({ id: 'ada' })),
    )
    expect(client.getSession().status).toBe('signed-out')
  })

  it('a client prop swapped while a sign-in is pending shows none of the old client user', async () => {
    const first = createPixwelClient({ baseURL: testBaseURL })
    const second = createPixwelClient({ baseURL: testBaseURL })
    const queryClient = newQueryClient()
    const form: { signIn?: ReturnType<typeof useCreateSession> } = {}
    function Form() {
      const signIn = useCreateSession()
      useEffect(() => {
        form.signIn = signIn
      })
      return <p data-testid="data">{signIn.data?.id ?? 'none'}</p>
    }
    const view = render(
      <PixwelProvider client={first} queryClient={queryClient}>
        <Form />
      </PixwelProvider>,
    )
    act(() => form.signIn?.mutate({ username: 'slow@example.com', password }))
    view.rerender(
      <PixwelProvider client={second} queryClient={queryClient}>
        <Form />
      </PixwelProvider>,
    )
    // The sign-in goes on with the client it was started on: the credentials typed for one
    // API root never go to the next one.
    await waitFor(() => expect(first.getSession().status).toBe('signed-in'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(second.getSession().status).toBe('signed-out')
    expect(screen.getByTestId('data').textContent).toBe('none')
    expect(
      queryClient
        .getMutationCache()
        .getAll()
        .map((mutation) => mutation.state.data),
    ).not.toContainEqual(expect.objectContaining({ id: 'slow' }))
  })

  it('after queryClient.clear(), the next sign-out still drops the user data', async () => {
    const { wrapper, client, queryClient } = setupPixwel()
    renderHook(() => useSession(), { wrapper })
    await act(() => client.createSession(ada))
    act(() => queryClient.clear())
    queryClient.setQueryData(['projects'], ['ada project'])
    act(() => client.signOut())
    expect(queryClient.getQueryData(['projects'])).toBeUndefined()
  })

  it('providers of two clients sharing a QueryClient do not wipe each other’s data', async () => {
    const first = createPixwelClient({ baseURL: testBaseURL })
    const second = createPixwelClient({ baseURL: 'https://tenant-b.pixwel.test/api' })
    const queryClient = newQueryClient()
    render(
      <QueryClientProvider client={queryClient}>
        <PixwelProvider client={first}>
          <Who />
        </PixwelProvider>
        <PixwelProvider client={second}>
          <p />
        </PixwelProvider>
      </QueryClientProvider>,
    )
    queryClient.setQueryData(['projects'], ['shared data'])
    // The second client's changes are not mirrored: the copy is the first provider's.
    act(() => second.signOut())
    expect(queryClient.getQueryData(['projects'])).toEqual(['shared data'])
    await act(() => first.createSession(ada))
    expect(queryClient.getQueryData(sessionQueries.current().queryKey)?.id).toBe('ada')
  })

  it('dropping the queryClient prop after the first render does not crash', () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    const view = render(
      <PixwelProvider client={client} queryClient={newQueryClient()}>
        <Who />
      </PixwelProvider>,
    )
    view.rerender(
      <PixwelProvider client={client}>
        <Who />
      </PixwelProvider>,
    )
    expect(screen.getByTestId('who').textContent).toBe('nobody')
  })

  it('a sign-out in another tab during the first sign-in of a client with no subscriber wins', async () => {
    const here = createPixwelClient({ baseURL: testBaseURL })
    const there = createPixwelClient({ baseURL: testBaseURL })
    const pending = here.createSession({ username: 'slow@example.com', password })
    await new Promise((resolve) => setTimeout(resolve, 20))
    there.signOut()
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' })
    expect(here.isSignedIn()).toBe(false)
    here.dispose()
    there.dispose()
  })

  it('a cached whole axios response holds no Authorization in its config', async () => {
    const client = createPixwelClient({ baseURL: testBaseURL })
    await client.createSession(ada)
    const response = await client.http.get('/projects')
    expect((response.data as { auth: string }).auth).toMatch(/^Basic /)
    expect(response.config.headers.get('Authorization')).toBeUndefined()
    // A retry of the same config gets the credentials again.
    const again = await client.http.request(response.config)
    expect((again.data as { auth: string }).auth).toMatch(/^Basic /)
  })
})
