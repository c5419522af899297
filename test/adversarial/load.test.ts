import { Agent } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  isPixwelError,
  type Credentials,
  type PixwelErrorKind,
} from '../../src/index'
import { startEmbeddedApi } from './support/embeddedApi'

const password = 'Sentinel-load-pw'
const concurrent = 1000

/** Counts of the process' active resources (sockets, servers, timers…) by type. */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1
  return counts
}

const cases: [Credentials, PixwelErrorKind | 'signed-in' | 'two-factor'][] = [
  [{ username: 'ada@example.com', password }, 'signed-in'],
  [{ username: 'bob@example.com', password }, 'signed-in'],
  [{ token: 'pat_loadtoken0123456789' }, 'signed-in'],
  [{ username: 'two-factor@example.com', password }, 'two-factor'],
  [{ username: 'ada@example.com', password: 'wrong' }, 'invalid-credentials'],
  [{ username: 'nobody@example.com', password }, 'invalid-credentials'],
  [{ username: 'forbidden@example.com', password }, 'forbidden'],
  [{ username: 'rate-limited@example.com', password }, 'rate-limited'],
  [{ username: 'malformed@example.com', password }, 'invalid-response'],
  [{ username: 'server@example.com', password }, 'server'],
  [{ username: 'dropped@example.com', password }, 'network'],
  [{ username: 'slow@example.com', password }, 'signed-in'],
]

let baseline: Record<string, number>
let api: Awaited<ReturnType<typeof startEmbeddedApi>>

beforeAll(async () => {
  baseline = activeResources()
  api = await startEmbeddedApi(
    [
      { username: 'ada@example.com', password, session: { _id: 'ada', name: 'Ada' } },
      { username: 'bob@example.com', password, session: { _id: 'bob', name: 'Bob' } },
      { token: 'pat_loadtoken0123456789', session: { _id: 'tok', name: 'Token' } },
      { username: 'two-factor@example.com', password, scenario: 'two-factor-required' },
      { username: 'forbidden@example.com', password, scenario: 'forbidden' },
      { username: 'rate-limited@example.com', password, scenario: 'rate-limited' },
      { username: 'malformed@example.com', password, scenario: 'malformed' },
      { username: 'server@example.com', password, scenario: 'server-error' },
      { username: 'dropped@example.com', password, scenario: 'network-error' },
      { username: 'slow@example.com', password, scenario: 'slow', session: { _id: 'slow' } },
    ],
    { delayMs: 200, plainPasswords: true },
  )
})
afterAll(async () => {
  await api.close()
})

describe(`${concurrent} concurrent sign-ins against the embedded API`, () => {
  it('all settle with the outcome their account calls for, and leave no open handle', async () => {
    // A keep-alive pool, as any HTTP runtime has (browsers: 6 per host). Unpooled, 1,000
    // simultaneous connects overflow the listen backlog (511) and the kernel's SYN retries
    // (1 s, 3 s…) would be measured instead of the library.
    const agent = new Agent({ keepAlive: true, maxSockets: 100 })
    const pooled = () => {
      const client = createPixwelClient({ baseURL: api.url })
      client.http.defaults.httpAgent = agent
      return client
    }
    const shared = pooled()
    const calls = Array.from({ length: concurrent }, (_, index) => {
      const [credentials, expected] = cases[index % cases.length]!
      // Half share one client, half have their own: both must hold.
      const client = index % 2 === 0 ? shared : pooled()
      return client.createSession(credentials).then(
        (session) => ({
          expected,
          got: session.twoFactor.required ? 'two-factor' : 'signed-in',
          signedIn: client.isSignedIn(),
          own: client !== shared,
        }),
        (error: unknown) => ({
          expected,
          got: isPixwelError(error) ? error.kind : `not a PixwelError: ${String(error)}`,
          signedIn: client.isSignedIn(),
          own: client !== shared,
        }),
      )
    })
    const results = await Promise.all(calls)

    // On the shared client the latest sign-in wins: each earlier one, for other credentials,
    // was replaced and ends `aborted`; no caller gets another user's session.
    const sharedResults = results.filter((result) => !result.own)
    const last = sharedResults.at(-1)!
    expect(sharedResults.slice(0, -1).filter((result) => result.got !== 'aborted')).toEqual([])
    expect(last.got).toBe(last.expected)
    expect(shared.isSignedIn()).toBe(last.got === 'signed-in' || last.got === 'two-factor')
    const wrong = results.filter((result) => result.own && result.got !== result.expected)
    expect(wrong).toEqual([])
    // A client of its own is signed in exactly when its one sign-in succeeded.
    for (const result of results.filter((r) => r.own)) {
      expect(result.signedIn).toBe(result.got === 'signed-in' || result.got === 'two-factor')
    }
    const served = api.lines.filter((line) => line.startsWith('POST /api/session')).length
    // Every request of a client of its own reached the server (the dropped ones log no line);
    // replaced ones on the shared client may have been cancelled before they were sent.
    const own = results.filter((result) => result.own)
    const dropped = own.filter((result) => result.expected === 'network').length
    expect(served).toBeGreaterThanOrEqual(own.length - dropped)
    expect(served).toBeLessThanOrEqual(concurrent)

    await api.close()
    agent.destroy()
    // Sockets close a tick after the server drops them: wait for the counts to come back.
    let left: Record<string, number> = {}
    for (let attempt = 0; attempt < 100; attempt++) {
      const now = activeResources()
      left = Object.fromEntries(
        Object.entries(now).filter(([name, count]) => count > (baseline[name] ?? 0)),
      )
      if (Object.keys(left).length === 0) break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(left).toEqual({})
  }, 120_000)
})
