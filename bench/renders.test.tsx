// Counts React commits (deterministic, so no timing is involved). Run by `npm run bench`
// through bench/vitest.config.ts; writes artifacts/bench/renders.json for the table.
import { QueryClient, useMutation, useQueries, useQuery } from '@tanstack/react-query'
import { act, render, waitFor } from '@testing-library/react'
import type { AxiosAdapter } from 'axios'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Profiler, type ReactNode } from 'react'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  createSessionMutationOptions,
  PixwelProvider,
  sealCredentials,
  sessionQueries,
  useCreateSession,
  usePreferences,
  useSession,
  type Credentials,
} from '../src/index'
import { buildSessionResponse } from '../src/testing/index'

const credentials: Credentials = { username: 'bench@example.com', password: 'synthetic' }
const results: Record<string, number | string[]> = {}

// What @testing-library/react sets itself when the runner has globals; this config has none.
;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

/** Answers every request after 5 ms, as a network would, with the spec's example session. */
const adapter: AxiosAdapter = (config) =>
  new Promise((resolve) =>
    setTimeout(() => {
      resolve({
        data: JSON.stringify(buildSessionResponse()),
        status: 200,
        statusText: 'OK',
        headers: {},
        config,
      })
    }, 5),
  )

function setup() {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  const client = createPixwelClient({ baseURL: 'https://api.pixwel.test/api', adapter })
  const commits: Record<string, number> = {}
  const counted = (id: string, children: ReactNode) => (
    <Profiler
      id={id}
      onRender={() => {
        commits[id] = (commits[id] ?? 0) + 1
      }}
    >
      {children}
    </Profiler>
  )
  const wrap = (children: ReactNode) => (
    <PixwelProvider client={client} queryClient={queryClient}>
      {children}
    </PixwelProvider>
  )
  return { queryClient, client, commits, counted, wrap }
}

afterAll(() => {
  mkdirSync('artifacts/bench', { recursive: true })
  writeFileSync('artifacts/bench/renders.json', JSON.stringify(results, null, 2))
})

describe('render counts', () => {
  it('useCreateSession: commits for one successful sign-in', async () => {
    const { commits, counted, wrap } = setup()
    const statuses: string[] = []
    let signIn: ReturnType<typeof useCreateSession> | undefined
    function SignIn() {
      signIn = useCreateSession()
      statuses.push(signIn.status)
      return <p>{signIn.status}</p>
    }
    render(wrap(counted('ours', <SignIn />)))
    act(() => signIn!.mutate(credentials))
    await waitFor(() => expect(signIn!.isSuccess).toBe(true))
    results.useCreateSession = commits.ours ?? 0
    results.useCreateSessionStatuses = statuses
  })

  it('bare useMutation with the same mutationFn: commits for one successful sign-in', async () => {
    const { client, commits, counted, wrap } = setup()
    const { mutationFn } = createSessionMutationOptions(client)
    const statuses: string[] = []
    let signIn: ReturnType<typeof useMutation<unknown, Error, ReturnType<typeof sealCredentials>>>
    function Bare() {
      signIn = useMutation({ mutationFn })
      statuses.push(signIn.status)
      return <p>{signIn.status}</p>
    }
    render(wrap(counted('base', <Bare />)))
    act(() => signIn.mutate(sealCredentials(credentials)))
    await waitFor(() => expect(signIn.isSuccess).toBe(true))
    results.bareUseMutation = commits.base ?? 0
    results.bareUseMutationStatuses = statuses
  })

  it('useSession and usePreferences: renders per session change and on unrelated updates', async () => {
    const { queryClient, client, commits, counted, wrap } = setup()
    let signIn: ReturnType<typeof useCreateSession> | undefined
    function SignIn() {
      signIn = useCreateSession()
      return null
    }
    function Reader() {
      const { status } = useSession()
      return <p>{status}</p>
    }
    function PreferencesReader() {
      const preferences = usePreferences()
      return <p>{preferences?.ingest.maxUploads}</p>
    }
    function Other() {
      // Other data of the app: queries that load, and one fed by hand.
      useQueries({
        queries: [1, 2, 3].map((id) => ({
          queryKey: ['projects', id],
          queryFn: () => Promise.resolve({ id }),
        })),
      })
      useQuery({ queryKey: ['hand-fed'], queryFn: () => 0, enabled: false })
      return null
    }
    render(
      wrap(
        <>
          {counted('session', <Reader />)}
          {counted('preferences', <PreferencesReader />)}
          <SignIn />
          <Other />
        </>,
      ),
    )
    /** Runs `action`, lets React Query's batched notifications land, counts the renders. */
    const rendersDuring = async (action: () => Promise<unknown>) => {
      const before = { session: commits.session ?? 0, preferences: commits.preferences ?? 0 }
      await act(async () => {
        await action()
        await new Promise((resolve) => setTimeout(resolve, 30))
      })
      return {
        session: (commits.session ?? 0) - before.session,
        preferences: (commits.preferences ?? 0) - before.preferences,
      }
    }
    const unrelated = (round: number) =>
      rendersDuring(async () => {
        queryClient.setQueryData(['hand-fed'], round)
        await queryClient.invalidateQueries({ queryKey: ['projects'] })
        await queryClient.query({ queryKey: ['elsewhere', round], queryFn: () => round })
      })
    await waitFor(() => expect(queryClient.isFetching()).toBe(0))
    const mount = { session: commits.session ?? 0, preferences: commits.preferences ?? 0 }
    const quiet1 = await unrelated(1)
    const signedIn = await rendersDuring(() => signIn!.mutateAsync(credentials))
    expect(queryClient.getQueryData(sessionQueries.current().queryKey)?.id).toBeTruthy()
    const quiet2 = await unrelated(2)
    const signedOut = await rendersDuring(() => {
      client.signOut()
      return Promise.resolve()
    })
    expect(queryClient.getQueryData(sessionQueries.current().queryKey)).toBeNull()
    const quiet3 = await unrelated(3)
    results.useSessionMount = mount.session
    results.useSessionPerChange = (signedIn.session + signedOut.session) / 2
    results.useSessionSignIn = signedIn.session
    results.useSessionSignOut = signedOut.session
    results.useSessionUnrelated = quiet1.session + quiet2.session + quiet3.session
    results.usePreferencesPerChange = (signedIn.preferences + signedOut.preferences) / 2
    results.usePreferencesUnrelated = quiet1.preferences + quiet2.preferences + quiet3.preferences
  })
})
