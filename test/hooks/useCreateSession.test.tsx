// @vitest-environment jsdom
import { dehydrate, useQuery } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { inspect } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  PixwelError,
  sessionQueries,
  useCreateSession,
  usePreferences,
  useSession,
} from '../../src/index'
import { createPixwelHandlers } from '../../src/testing/index'
import { setupPixwel, testBaseURL } from '../support/pixwelWrapper'

const password = 'Sentinel-Password-e1b4c0'
const sessionRequests: string[] = []

const server = setupServer(
  ...createPixwelHandlers({
    baseURL: testBaseURL,
    accounts: [
      { username: 'ada@example.com', password, session: { _id: 'ada', name: 'Ada Lovelace' } },
      { username: 'bob@example.com', password, session: { _id: 'bob', name: 'Bob Bobson' } },
      { username: 'two-factor@example.com', password, scenario: 'two-factor-required' },
      { username: 'slow@example.com', password, scenario: 'slow' },
      { username: 'limited@example.com', password, scenario: 'rate-limited' },
    ],
    delayMs: 400,
    retryAfterSeconds: 9,
  }),
  http.get(`${testBaseURL}/projects`, ({ request }) =>
    HttpResponse.json({ auth: request.headers.get('authorization') !== null }),
  ),
)

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' })
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname.endsWith('/session')) sessionRequests.push(request.url)
  })
})
afterEach(() => {
  server.resetHandlers()
  sessionRequests.length = 0
})
afterAll(() => server.close())

function useSignIn() {
  return { signIn: useCreateSession(), session: useSession(), preferences: usePreferences() }
}

describe('useCreateSession', () => {
  it('signs in and puts the session in the cache for useSession and usePreferences', async () => {
    const { wrapper, queryClient } = setupPixwel()
    const { result } = renderHook(useSignIn, { wrapper })
    expect(result.current.session).toEqual({ session: null, status: 'signed-out' })
    expect(result.current.preferences).toBeNull()

    act(() => result.current.signIn.mutate({ username: 'ada@example.com', password }))
    await waitFor(() => expect(result.current.signIn.isSuccess).toBe(true))

    expect(result.current.signIn.data?.name).toBe('Ada Lovelace')
    expect(result.current.session.status).toBe('signed-in')
    expect(result.current.session.session?.id).toBe('ada')
    expect(result.current.preferences?.mail.others).toBe(3600)
    expect(queryClient.getQueryData(sessionQueries.current().queryKey)?.id).toBe('ada')
  })

  it('reports two-factor-required', async () => {
    const { wrapper } = setupPixwel()
    const { result } = renderHook(useSignIn, { wrapper })
    act(() => result.current.signIn.mutate({ username: 'two-factor@example.com', password }))
    await waitFor(() => expect(result.current.session.status).toBe('two-factor-required'))
    expect(result.current.session.session?.twoFactor.required).toBe(true)
  })

  it('gives a typed PixwelError on failure', async () => {
    const { wrapper } = setupPixwel()
    const { result } = renderHook(useSignIn, { wrapper })
    act(() => result.current.signIn.mutate({ username: 'ada@example.com', password: 'wrong' }))
    await waitFor(() => expect(result.current.signIn.isError).toBe(true))
    expect(result.current.signIn.error).toBeInstanceOf(PixwelError)
    expect(result.current.signIn.error?.kind).toBe('invalid-credentials')
    expect(result.current.session.status).toBe('signed-out')

    act(() => result.current.signIn.mutate({ username: 'limited@example.com', password }))
    await waitFor(() => expect(result.current.signIn.error?.kind).toBe('rate-limited'))
    const limited = result.current.signIn.error
    expect(limited?.kind === 'rate-limited' && limited.retryAfterMs).toBe(9000)
  })

  it('sends no second request for a mutate while one is pending, even in the same tick', async () => {
    const { wrapper } = setupPixwel()
    const { result } = renderHook(useSignIn, { wrapper })
    act(() => {
      result.current.signIn.mutate({ username: 'slow@example.com', password })
      result.current.signIn.mutate({ username: 'slow@example.com', password })
    })
    await waitFor(() => expect(result.current.signIn.isPending).toBe(true))
    act(() => result.current.signIn.mutate({ username: 'slow@example.com', password }))
    await waitFor(() => expect(result.current.signIn.isSuccess).toBe(true))
    expect(sessionRequests).toHaveLength(1)
  })

  it('keeps the password out of the mutation cache and dehydrate output', async () => {
    const { wrapper, queryClient } = setupPixwel()
    const { result } = renderHook(useSignIn, { wrapper })
    act(() => result.current.signIn.mutate({ username: 'ada@example.com', password }))
    await waitFor(() => expect(result.current.signIn.isSuccess).toBe(true))
    act(() =>
      result.current.signIn.mutate({ username: 'ada@example.com', password: password + 'x' }),
    )
    await waitFor(() => expect(result.current.signIn.isError).toBe(true))

    const mutations = queryClient.getMutationCache().getAll()
    expect(mutations.length).toBeGreaterThan(0)
    const dehydrated = dehydrate(queryClient, { shouldDehydrateMutation: () => true })
    expect(dehydrated.mutations.length).toBeGreaterThan(0)
    const places = [
      JSON.stringify(dehydrated),
      inspect(dehydrated, { depth: Infinity, showHidden: true }),
      ...mutations.map((mutation) =>
        inspect(mutation.state, { depth: Infinity, showHidden: true }),
      ),
      JSON.stringify(mutations.map((mutation) => mutation.state)),
      JSON.stringify(result.current.signIn.variables),
      inspect(result.current.signIn.error, { depth: Infinity, showHidden: true }),
    ]
    for (const place of places) {
      expect(place).not.toContain(password)
      expect(place).not.toContain(btoa(`ada@example.com:${password}`))
    }
    expect(JSON.stringify(result.current.signIn.variables)).toBe(
      '{"method":"basic","username":"ada@example.com"}',
    )
  })

  it("drops the previous user's cached data when another user signs in", async () => {
    const { wrapper, queryClient, client } = setupPixwel()
    const { result } = renderHook(
      () => ({
        ...useSignIn(),
        projects: useQuery({
          queryKey: ['projects'],
          queryFn: async () => (await client.http.get<{ auth: boolean }>('/projects')).data,
        }),
      }),
      { wrapper },
    )
    act(() => result.current.signIn.mutate({ username: 'ada@example.com', password }))
    await waitFor(() => expect(result.current.session.session?.id).toBe('ada'))
    queryClient.setQueryData(['ada-only'], { secret: 'ada data' })
    queryClient.setQueryData(['projects'], { auth: true, owner: 'ada' })

    const seen: unknown[] = []
    const unsubscribe = queryClient.getQueryCache().subscribe(() => {
      const session = queryClient.getQueryData(sessionQueries.current().queryKey)
      if (session?.id === 'bob') seen.push(queryClient.getQueryData(['projects']))
    })
    act(() => result.current.signIn.mutate({ username: 'bob@example.com', password }))
    await waitFor(() => expect(result.current.session.session?.id).toBe('bob'))
    unsubscribe()

    expect(queryClient.getQueryData(['ada-only'])).toBeUndefined()
    for (const projects of seen) expect(projects).not.toEqual({ auth: true, owner: 'ada' })
    await waitFor(() => expect(result.current.projects.data).toEqual({ auth: true }))
  })
})
