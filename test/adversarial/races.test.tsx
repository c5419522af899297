// @vitest-environment jsdom
import { dehydrate, QueryClient, useMutationState, useQuery } from '@tanstack/react-query'
import { act, render, renderHook, waitFor } from '@testing-library/react'
import { useEffect, type ReactNode } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  sessionQueries,
  useCreateSession,
  usePixwelClient,
  usePreferences,
  useSession,
  useSignOut,
  type PixwelClient,
  type PixwelError,
  type Session,
} from '../../src/index'
import { sendJson, startLoopbackServer } from '../support/loopbackServer'
import { recordConsole } from './support/consoleRecorder'
import { startEmbeddedApi } from './support/embeddedApi'

const password = 'Sentinel-races-pw'
const person = (name: string, instructions: string) => ({
  _id: `id-${name}`,
  name,
  preferences: { agent: { instructions } },
})

let api: Awaited<ReturnType<typeof startEmbeddedApi>>
let unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled)
  api = await startEmbeddedApi(
    [
      { username: 'alice@example.com', password, session: person('Alice', 'alice-only') },
      { username: 'bob@example.com', password, session: person('Bob', 'bob-only') },
      { username: 'slow@example.com', password, scenario: 'slow', session: person('Slow', 's') },
    ],
    { delayMs: 300 },
  )
})
afterEach(() => {
  const seen = unhandled
  unhandled = []
  expect(seen).toEqual([])
})
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  await api.close()
})

function setup(options: Parameters<typeof createPixwelClient>[0] = {}) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  const client = createPixwelClient({ baseURL: api.url, ...options })
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <PixwelProvider client={client} queryClient={queryClient}>
      {children}
    </PixwelProvider>
  )
  return { queryClient, client, wrapper }
}

const sessionPosts = () => api.lines.filter((line) => line.startsWith('POST /api/session')).length

/** The signed-in user's own data, fetched with the credentials the client holds. */
async function whoAmI(client: PixwelClient): Promise<string> {
  const response = await client.http.post<string>('/session', {}, { responseType: 'text' })
  return (JSON.parse(response.data) as { name: string }).name
}

describe('races', () => {
  it('two mutate() calls in one tick send one request', async () => {
    const { wrapper } = setup()
    const { result } = renderHook(() => useCreateSession(), { wrapper })
    const before = sessionPosts()
    act(() => {
      result.current.mutate({ username: 'alice@example.com', password })
      result.current.mutate({ username: 'alice@example.com', password })
    })
    await waitFor(() => expect(result.current.isSuccess).toBe(true))
    expect(sessionPosts() - before).toBe(1)
  })

  it('a sign-out while a sign-in is in flight ends signed out; the late answer is dropped', async () => {
    const { wrapper, client, queryClient } = setup()
    const { result } = renderHook(
      () => ({ signIn: useCreateSession(), signOut: useSignOut(), session: useSession() }),
      { wrapper },
    )
    const before = api.lines.length
    act(() => result.current.signIn.mutate({ username: 'slow@example.com', password }))
    await waitFor(() => expect(result.current.signIn.isPending).toBe(true))
    act(() => result.current.signOut())
    await waitFor(() => expect(result.current.signIn.isPending).toBe(false))
    expect(result.current.signIn.error?.kind).toBe('aborted')
    // The request was cancelled, not just ignored: the API, which answers `slow` after 300 ms,
    // saw the hang-up and never answered. (Waiting well past the delay; no timing is asserted.)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(api.lines.slice(before).filter((line) => line.startsWith('POST'))).toEqual([])
    expect(result.current.session).toEqual({
      session: null,
      status: 'signed-out',
      reason: 'sign-out',
      crossTab: false,
    })
    expect(client.isSignedIn()).toBe(false)
    expect(queryClient.getQueryData(sessionQueries.current().queryKey) ?? null).toBeNull()
  })

  it('a sign-out that lands after the answer arrived, before the sign-in ends, still wins', async () => {
    // axios drops an answer that arrives after an abort; this sign-out comes later still, from
    // code that runs between the answer and the end of the sign-in (an app's interceptor).
    const { wrapper, client, queryClient } = setup()
    client.http.interceptors.response.use((response) => {
      if (response.config.url === '/session') client.signOut()
      return response
    })
    const { result } = renderHook(() => ({ signIn: useCreateSession(), session: useSession() }), {
      wrapper,
    })
    act(() => result.current.signIn.mutate({ username: 'alice@example.com', password }))
    await waitFor(() => expect(result.current.signIn.error?.kind).toBe('aborted'))
    expect(client.isSignedIn()).toBe(false)
    expect(queryClient.getQueryData(sessionQueries.current().queryKey) ?? null).toBeNull()
    expect(result.current.session.status).toBe('signed-out')
  })

  it("signing in as A, out, then in as B never shows A's data in any hook", async () => {
    const { wrapper, client, queryClient } = setup()
    type Seen = { phase: string; values: unknown[] }
    const seen: Seen[] = []
    let phase = 'A'
    const { result } = renderHook(
      () => {
        const signIn = useCreateSession()
        const signOut = useSignOut()
        const { session } = useSession()
        const preferences = usePreferences()
        const me = useQuery({
          queryKey: ['whoami'],
          queryFn: () => whoAmI(client),
          enabled: session !== null,
        })
        const mutations = useMutationState({
          filters: { mutationKey: sessionQueries.all() },
          select: (mutation) => (mutation.state.data as Session | undefined)?.name,
        })
        seen.push({
          phase,
          values: [
            session?.name,
            preferences?.agent.instructions,
            signIn.data?.name,
            me.data,
            ...mutations,
          ],
        })
        return { signIn, signOut, me }
      },
      { wrapper },
    )
    act(() => result.current.signIn.mutate({ username: 'alice@example.com', password }))
    await waitFor(() => expect(result.current.me.data).toBe('Alice'))
    expect(seen.at(-1)?.values).toEqual(expect.arrayContaining(['Alice', 'alice-only', 'Alice']))

    phase = 'signed out'
    act(() => result.current.signOut())
    await waitFor(() => expect(client.isSignedIn()).toBe(false))
    const afterSignOut = dehydrate(queryClient, {
      shouldDehydrateMutation: () => true,
      shouldDehydrateQuery: () => true,
    })

    phase = 'B'
    act(() => result.current.signIn.mutate({ username: 'bob@example.com', password }))
    await waitFor(() => expect(result.current.me.data).toBe('Bob'))

    const aliceAfterSignOut = seen
      .filter((render) => render.phase !== 'A')
      .filter((render) =>
        render.values.some((value) => value === 'Alice' || value === 'alice-only'),
      )
    expect(aliceAfterSignOut).toEqual([])
    expect(JSON.stringify(afterSignOut)).not.toMatch(/Alice|alice-only/)
    expect(seen.some((render) => render.phase === 'signed out')).toBe(true)
    expect(seen.at(-1)?.values.slice(0, 4)).toEqual(['Bob', 'bob-only', 'Bob', 'Bob'])
  })

  it('a listener, onSuccess or onError that throws gives no unhandled rejection and a consistent state', async () => {
    const recording = recordConsole()
    onTestFinished(() => {
      recording.restore()
    })
    const { wrapper, client } = setup()
    client.subscribe(() => {
      throw new Error('listener bug')
    })
    const { result } = renderHook(
      () => ({
        signIn: useCreateSession({
          onSuccess: () => {
            throw new Error('onSuccess bug')
          },
          onError: () => {
            throw new Error('onError bug')
          },
          onSettled: () => {
            throw new Error('onSettled bug')
          },
        }),
        session: useSession(),
      }),
      { wrapper },
    )
    const bug = () => {
      throw new Error('per-call bug')
    }
    act(() =>
      result.current.signIn.mutate(
        { username: 'alice@example.com', password: 'wrong' },
        { onError: bug, onSettled: bug },
      ),
    )
    await waitFor(() => expect(result.current.signIn.isError).toBe(true))
    expect(result.current.signIn.error?.kind).toBe('invalid-credentials')
    expect(result.current.session.status).toBe('signed-out')
    act(() => result.current.signIn.reset())

    act(() =>
      result.current.signIn.mutate(
        { username: 'alice@example.com', password },
        { onSuccess: bug, onSettled: bug },
      ),
    )
    await waitFor(() => expect(['success', 'error']).toContain(result.current.signIn.status))
    await waitFor(() => expect(result.current.session.status).not.toBe('signed-out'))
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(unhandled).toEqual([])
    // Signed in everywhere, or nowhere: here everywhere.
    expect(client.isSignedIn()).toBe(true)
    expect(result.current.session.status).toBe('signed-in')
    expect(result.current.signIn.isSuccess).toBe(true)
    expect(result.current.signIn.error).toBeNull()
    expect(result.current.signIn.data?.name).toBe('Alice')
    // Each bug was reported once, not swallowed.
    expect(
      recording.calls.map((call) => /Error: ([\w -]+ bug)/.exec(call.text)?.[1]).sort(),
    ).toEqual(
      [
        // The client's listener too: one helper reports every app callback's error.
        'listener bug',
        'onError bug',
        'onSettled bug',
        'per-call bug',
        'per-call bug',
        'onSuccess bug',
        'onSettled bug',
        'per-call bug',
        'per-call bug',
      ].sort(),
    )
  })

  it('a component unmounted mid-request gives no React warning and leaves nothing pending', async () => {
    const recording = recordConsole()
    try {
      const { wrapper, client, queryClient } = setup()
      function SignInOnMount() {
        const signIn = useCreateSession()
        const { mutate } = signIn
        useEffect(() => {
          mutate({ username: 'slow@example.com', password })
        }, [mutate])
        return <p>{signIn.status}</p>
      }
      const view = render(<SignInOnMount />, { wrapper })
      await waitFor(() =>
        expect(queryClient.getMutationCache().getAll()[0]?.state.status).toBe('pending'),
      )
      view.unmount()
      const mutation = queryClient.getMutationCache().getAll()[0]!
      await waitFor(() => expect(mutation.state.status).not.toBe('pending'))
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(recording.calls).toEqual([])
      // The sign-in that finished after the unmount is whole: the client holds it (no
      // provider is mounted to mirror it into the cache)…
      expect(mutation.state.status).toBe('success')
      expect(client.getSession().session?.name).toBe('Slow')
      expect(client.isSignedIn()).toBe(true)
      // …no query is still observed by the gone component, and a new sign-in is not joined
      // to the old one.
      for (const query of queryClient.getQueryCache().getAll()) {
        expect(query.getObserversCount()).toBe(0)
      }
      const before = sessionPosts()
      const { result } = renderHook(() => useCreateSession(), { wrapper })
      act(() => result.current.mutate({ username: 'alice@example.com', password }))
      await waitFor(() => expect(result.current.isSuccess).toBe(true))
      expect(sessionPosts() - before).toBe(1)
    } finally {
      recording.restore()
    }
  })
})

describe('twenty parallel requests that all get a 401', () => {
  it('call onUnauthorized exactly once and clear the session once', async () => {
    const expired = await startLoopbackServer((request, res) => {
      // A browser page calls it (jsdom): answer CORS like the real API.
      res.setHeader('Access-Control-Allow-Origin', request.headers.origin ?? '*')
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept')
      if (request.method === 'OPTIONS') {
        res.writeHead(204).end()
      } else if (request.url.startsWith('/api/session')) {
        sendJson(res, 200, { _id: 'id-alice', name: 'Alice' })
      } else {
        setTimeout(() => {
          sendJson(res, 401, { error: 'Unauthorized' })
        }, 20)
      }
    })
    const onUnauthorized = vi.fn<(error: PixwelError) => void>()
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    const client = createPixwelClient({ baseURL: expired.baseURL, onUnauthorized })
    const cleared: unknown[] = []
    queryClient.getQueryCache().subscribe((event) => {
      if (
        event.type === 'updated' &&
        event.query.queryHash === JSON.stringify(sessionQueries.current().queryKey) &&
        event.action.type === 'success' &&
        event.action.data === null
      ) {
        cleared.push(event.action.data)
      }
    })
    function Project({ index }: { index: number }) {
      const http = usePixwelClient().http
      const project = useQuery({
        queryKey: ['project', index],
        queryFn: async () => (await http.get(`/projects/${index}`)).data as unknown,
      })
      return <li>{project.status}</li>
    }
    try {
      await client.createSession({ username: 'alice@example.com', password })
      cleared.length = 0
      render(
        <PixwelProvider client={client} queryClient={queryClient}>
          <ul>
            {Array.from({ length: 20 }, (_, index) => (
              <Project key={index} index={index} />
            ))}
          </ul>
        </PixwelProvider>,
      )
      await waitFor(() =>
        expect(
          expired.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/api/projects')),
        ).toHaveLength(20),
      )
      await waitFor(() => expect(onUnauthorized).toHaveBeenCalled())
      await new Promise((resolve) => setTimeout(resolve, 100))
      expect(onUnauthorized).toHaveBeenCalledTimes(1)
      expect(onUnauthorized.mock.calls[0]?.[0].kind).toBe('unauthorized')
      expect(cleared).toHaveLength(1)
      expect(client.isSignedIn()).toBe(false)
      expect(queryClient.getQueryData(sessionQueries.current().queryKey)).toBeNull()
    } finally {
      await expired.close()
    }
  })
})
