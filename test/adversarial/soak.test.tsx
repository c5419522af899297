// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Agent } from 'node:http'
import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { ReactNode } from 'react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  sessionQueries,
  useCreateSession,
  useSession,
  useSignOut,
} from '../../src/index'
import { startEmbeddedApi } from './support/embeddedApi'

/** `npm test` runs a trimmed soak; `npm run soak` sets PIXWEL_SOAK_ITERATIONS=10000. */
const iterations = Number(process.env.PIXWEL_SOAK_ITERATIONS ?? 1000)
const warmUp = Math.min(200, Math.floor(iterations / 5))
/** The heap after GC may end at most this far above where it started (after the warm-up). */
const heapBoundBytes = 4 * 1024 * 1024
const password = 'Sentinel-soak-pw'

function collectGarbage(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed) return exposed
  // Vitest's workers do not start with --expose-gc: turn it on and take `gc` from a new context.
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

let api: Awaited<ReturnType<typeof startEmbeddedApi>>
beforeAll(async () => {
  api = await startEmbeddedApi(
    [
      { username: 'ada@example.com', password, session: { _id: 'ada', name: 'Ada' } },
      { username: 'bob@example.com', password, session: { _id: 'bob', name: 'Bob' } },
    ],
    { plainPasswords: true },
  )
})
afterAll(async () => {
  await api.close()
})

describe(`soak: ${iterations} sequential sign-ins and sign-outs in one QueryClient`, () => {
  it(`keeps the heap after GC within ${heapBoundBytes / 1024 / 1024} MiB and one session in the cache`, async () => {
    const gc = collectGarbage()
    const heapAfterGc = () => {
      gc()
      gc()
      return getHeapStatistics().used_heap_size
    }
    const agent = new Agent({ keepAlive: true, maxSockets: 4 })
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
    })
    // The Node adapter over loopback: jsdom's XMLHttpRequest would add a CORS preflight each time.
    const client = createPixwelClient({ baseURL: api.url, adapter: 'http' })
    client.http.defaults.httpAgent = agent
    const wrapper = ({ children }: { children?: ReactNode }) => (
      <PixwelProvider client={client} queryClient={queryClient}>
        {children}
      </PixwelProvider>
    )
    const { result, unmount } = renderHook(
      () => ({ signIn: useCreateSession(), signOut: useSignOut(), session: useSession() }),
      { wrapper },
    )

    let served = 0
    const current = () => queryClient.getQueryData(sessionQueries.current().queryKey) ?? null
    const cycle = async (index: number) => {
      const username = index % 2 === 0 ? 'ada@example.com' : 'bob@example.com'
      await act(() => result.current.signIn.mutateAsync({ username, password }))
      if (current()?.id !== (index % 2 === 0 ? 'ada' : 'bob') || !client.isSignedIn()) {
        throw new Error(`sign-in ${index} did not end signed in as ${username}`)
      }
      act(() => result.current.signOut())
      if (current() !== null || client.isSignedIn()) {
        throw new Error(`sign-out ${index} left a session`)
      }
      // The harness's own log must not grow with the soak.
      served += api.lines.filter((line) => line.includes('/session → 200')).length
      api.lines.length = 0
    }

    for (let index = 0; index < warmUp; index++) await cycle(index)
    const start = heapAfterGc()
    const samples: number[] = []
    for (let index = warmUp; index < iterations; index++) {
      await cycle(index)
      if ((index + 1) % Math.max(1, Math.floor(iterations / 5)) === 0) samples.push(heapAfterGc())
    }
    await act(() => result.current.signIn.mutateAsync({ username: 'ada@example.com', password }))
    const end = heapAfterGc()

    const growth = end - start
    // The figures RELIABILITY.md quotes: artifacts/soak-<iterations>.json (bytes).
    mkdirSync('artifacts', { recursive: true })
    writeFileSync(
      `artifacts/soak-${iterations}.json`,
      `${JSON.stringify({ iterations, warmUp, heapBoundBytes, start, end, growth, samples }, null, 2)}\n`,
    )
    // One session in the cache, no pile of finished sign-ins…
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .map((query) => query.queryKey),
    ).toEqual([sessionQueries.current().queryKey])
    expect(queryClient.getQueryData(sessionQueries.current().queryKey)?.id).toBe('ada')
    expect(queryClient.getMutationCache().getAll().length).toBeLessThanOrEqual(1)
    // …and the heap back near where it started.
    expect(growth).toBeLessThan(heapBoundBytes)
    served += api.lines.filter((line) => line.includes('/session → 200')).length
    expect(served).toBe(iterations + 1)

    await waitFor(() => expect(result.current.session.session?.id).toBe('ada'))
    unmount()
    agent.destroy()
  }, 600_000)
})
