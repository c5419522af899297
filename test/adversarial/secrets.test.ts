import { dehydrate, MutationObserver, QueryClient } from '@tanstack/react-query'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  createSessionMutationOptions,
  isPixwelError,
  sealCredentials,
  type Credentials,
  type PixwelError,
  type PixwelErrorKind,
  type Session,
  type SessionResponse,
} from '../../src/index'
import { sendJson, startLoopbackServer } from '../support/loopbackServer'
import { recordConsole } from './support/consoleRecorder'
import { startEmbeddedApi } from './support/embeddedApi'
import {
  findSecrets,
  secretsIn,
  sentinelHash,
  sentinelPassword,
  sentinelToken,
  sentinelUser,
} from './support/sentinels'

/** A session body where the server put the hash under every key and shape it could. */
const smuggled = {
  name: 'Smuggler',
  password: sentinelHash,
  passwordHash: sentinelHash,
  hash: sentinelHash,
  legacy: { password: sentinelHash },
  invite: `see ${sentinelHash}`,
  queue: [
    {
      hash: sentinelHash,
      note: `user hash=${sentinelHash}`,
      [sentinelHash]: true,
      nested: { passwordHash: sentinelHash, list: [[sentinelHash]] },
    },
  ],
  permissions: [sentinelHash, { salt: 'x', Secret: sentinelHash }],
  flags: [{ [sentinelHash]: { deeper: 1 } }],
  studios: [{ 'x-digest': sentinelHash }],
  groups: [{ _id: 'g1', name: 'Group', studios: [{ pw: sentinelHash }], users: [] }],
  preferences: {
    blacklist: { projects: [sentinelHash, { [sentinelHash]: sentinelHash }] },
    contactLists: [{ name: 'n', recipients: { groups: [{ secret: sentinelHash }], users: [] } }],
  },
} as unknown as Partial<SessionResponse>

const accounts = [
  { username: sentinelUser, password: sentinelPassword, session: smuggled },
  { token: sentinelToken, session: smuggled },
  {
    username: 'two-factor@example.com',
    password: sentinelPassword,
    scenario: 'two-factor-required',
  },
  { username: 'forbidden@example.com', password: sentinelPassword, scenario: 'forbidden' },
  { username: 'rate-limited@example.com', password: sentinelPassword, scenario: 'rate-limited' },
  { username: 'malformed@example.com', password: sentinelPassword, scenario: 'malformed' },
  { username: 'server@example.com', password: sentinelPassword, scenario: 'server-error' },
  { username: 'network@example.com', password: sentinelPassword, scenario: 'network-error' },
  { username: 'slow@example.com', password: sentinelPassword, scenario: 'slow' },
] as const

let api: Awaited<ReturnType<typeof startEmbeddedApi>>
let expired: Awaited<ReturnType<typeof startLoopbackServer>>
let consoleRecording: ReturnType<typeof recordConsole>

beforeAll(async () => {
  api = await startEmbeddedApi(accounts, { delayMs: 400 })
  // A Pixwel whose later requests say the session expired (the embedded API has only /session).
  expired = await startLoopbackServer((request, res) => {
    if (request.url.startsWith('/api/session')) sendJson(res, 200, { _id: 'x', ...smuggled })
    else sendJson(res, 401, { error: 'Unauthorized', message: 'Session expired' })
  })
  consoleRecording = recordConsole()
})

afterAll(async () => {
  consoleRecording.restore()
  await api.close()
  await expired.close()
})

type Outcome = { label: string; session?: unknown; error?: unknown }

async function settle(label: string, run: () => Promise<unknown>): Promise<Outcome> {
  try {
    const session = await run()
    // What an app might do with it: log it.
    console.log(label, session)
    console.debug(label, JSON.stringify(session))
    return { label, session }
  } catch (error) {
    // What an app's error reporting does: log, stringify, trace.
    console.error(label, error)
    console.warn(label, JSON.stringify(error))
    console.info(label, String(error))
    console.trace(label, error)
    console.dir(error, { depth: null, showHidden: true })
    console.table([error])
    return { label, error }
  }
}

const password = (username: string): Credentials => ({ username, password: sentinelPassword })

describe('secrets', () => {
  const outcomes: Outcome[] = []
  /** The persisted storage of the sign-in client: every value ever written to it. */
  const written: string[] = []
  const storage = {
    items: new Map<string, string>(),
    getItem(key: string) {
      return this.items.get(key) ?? null
    },
    setItem(key: string, value: string) {
      written.push(`${key}=${value}`)
      this.items.set(key, value)
    },
    removeItem(key: string) {
      this.items.delete(key)
    },
  }
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  const unauthorized: PixwelError[] = []
  const snapshots: {
    label: string
    mutations: unknown[]
    queries: unknown[]
    dehydrated: unknown
  }[] = []

  it('every outcome of a sign-in against the embedded API is a session or a PixwelError of the right kind', async () => {
    const expected: [string, Credentials, PixwelErrorKind | 'session'][] = [
      ['success by password', password(sentinelUser), 'session'],
      ['success by token', { token: sentinelToken }, 'session'],
      ['two-factor', password('two-factor@example.com'), 'session'],
      [
        'wrong password',
        { username: sentinelUser, password: `${sentinelPassword}!` },
        'invalid-credentials',
      ],
      ['unknown token', { token: `${sentinelToken}x` }, 'invalid-credentials'],
      ['forbidden', password('forbidden@example.com'), 'forbidden'],
      ['rate-limited', password('rate-limited@example.com'), 'rate-limited'],
      ['malformed', password('malformed@example.com'), 'invalid-response'],
      ['server error', password('server@example.com'), 'server'],
      ['dropped connection', password('network@example.com'), 'network'],
      ['bad token characters', { token: `${sentinelToken}\r\nX: y` }, 'invalid-credentials'],
      [
        'colon in username',
        { username: `a:${sentinelPassword}`, password: sentinelPassword },
        'invalid-credentials',
      ],
    ]
    const client = createPixwelClient({ baseURL: api.url, persist: storage })
    for (const [label, credentials, kind] of expected) {
      const outcome = await settle(label, () => client.createSession(credentials))
      outcomes.push(outcome)
      if (kind === 'session') expect(outcome.session, label).toBeDefined()
      else expect(isPixwelError(outcome.error) && outcome.error.kind, label).toBe(kind)
    }

    const hasty = createPixwelClient({ baseURL: api.url, timeoutMs: 50 })
    const timedOut = await settle('timeout', () =>
      hasty.createSession(password('slow@example.com')),
    )
    expect(isPixwelError(timedOut.error) && timedOut.error.kind).toBe('timeout')
    outcomes.push(timedOut)

    const controller = new AbortController()
    const aborting = settle('aborted', () =>
      client.createSession(password('slow@example.com'), { signal: controller.signal }),
    )
    setTimeout(() => controller.abort(), 20)
    const aborted = await aborting
    expect(isPixwelError(aborted.error) && aborted.error.kind).toBe('aborted')
    outcomes.push(aborted)

    const signingOut = settle('signed out meanwhile', () =>
      client.createSession(password('slow@example.com')),
    )
    setTimeout(() => client.signOut(), 20)
    const cancelled = await signingOut
    expect(isPixwelError(cancelled.error) && cancelled.error.kind).toBe('aborted')
    outcomes.push(cancelled)

    const closed = await startLoopbackServer(() => undefined)
    await closed.close()
    const unreachable = createPixwelClient({ baseURL: closed.baseURL })
    const refused = await settle('nothing listening', () =>
      unreachable.createSession(password(sentinelUser)),
    )
    expect(isPixwelError(refused.error) && refused.error.kind).toBe('network')
    outcomes.push(refused)
  })

  it('a later 401 gives an unauthorized error and onUnauthorized argument without secrets', async () => {
    const client = createPixwelClient({
      baseURL: expired.baseURL,
      onUnauthorized: (error) => unauthorized.push(error),
    })
    await client.createSession(password(sentinelUser))
    const later = await settle('later 401', () => client.http.get('/projects'))
    expect(isPixwelError(later.error) && later.error.kind).toBe('unauthorized')
    expect(unauthorized).toHaveLength(1)
    outcomes.push(later, { label: 'onUnauthorized argument', error: unauthorized[0] })
    expect(expired.requests.at(-1)?.headers.authorization).toMatch(/^Basic /)
  })

  it('sign-ins through the mutation cache leave no secret in the caches or dehydrate output', async () => {
    const client = createPixwelClient({ baseURL: api.url })
    const options = createSessionMutationOptions(client)
    const run = (credentials: Credentials) =>
      new MutationObserver(queryClient, options).mutate(sealCredentials(credentials))
    const snapshot = (label: string) => {
      snapshots.push({
        label,
        mutations: queryClient
          .getMutationCache()
          .getAll()
          .map((mutation) => mutation.state),
        queries: queryClient
          .getQueryCache()
          .getAll()
          .map((query) => query.state),
        dehydrated: dehydrate(queryClient, {
          shouldDehydrateMutation: () => true,
          shouldDehydrateQuery: () => true,
        }),
      })
    }
    const runs: [string, Credentials][] = [
      ['mutation success', password(sentinelUser)],
      ['mutation token', { token: sentinelToken }],
      ['mutation failure', { username: sentinelUser, password: 'wrong' }],
      ['mutation malformed', password('malformed@example.com')],
    ]
    for (const [label, credentials] of runs) {
      outcomes.push(await settle(label, () => run(credentials)))
      snapshot(label)
    }
    // A sign-in's mutation is in the cache (with its sealed variables) until the next one ends it.
    expect(snapshots.every((taken) => taken.mutations.length > 0)).toBe(true)
  })

  it('nothing holds the password, the token, the Basic value or a bcrypt hash', () => {
    const leaks: string[] = []
    for (const outcome of outcomes) {
      if (outcome.error !== undefined) {
        expect(isPixwelError(outcome.error), outcome.label).toBe(true)
        leaks.push(...secretsIn(`error of ${outcome.label}`, outcome.error))
      }
      if (outcome.session !== undefined) {
        leaks.push(...secretsIn(`session of ${outcome.label}`, outcome.session))
      }
    }
    const queries = queryClient.getQueryCache().getAll()
    const mutations = queryClient.getMutationCache().getAll()
    leaks.push(
      ...secretsIn(
        'query cache',
        queries.map((query) => query.state),
      ),
    )
    leaks.push(
      ...secretsIn(
        'query keys',
        queries.map((query) => query.queryKey),
      ),
    )
    leaks.push(
      ...secretsIn(
        'mutation cache',
        mutations.map((mutation) => mutation.state),
      ),
    )
    leaks.push(
      ...secretsIn(
        'mutation options',
        mutations.map((mutation) => mutation.options),
      ),
    )
    for (const taken of snapshots) leaks.push(...secretsIn(`caches after ${taken.label}`, taken))
    // The persisted storage holds a token after a token sign-in (that is what persist is for)
    // and nothing else, ever: no password, no Basic value, no hash.
    const keptToken =
      /^pixwel-react:token:[^=]+=\{"v":1,"baseURL":"[^"]+","token":"pat_SENTINELTOKEN7f3a9c1d2e4b5a6","kid":"[0-9a-f-]{36}"\}$/
    expect(written.length).toBeGreaterThan(0)
    for (const value of written) {
      expect(value).toMatch(keptToken)
      leaks.push(
        ...findSecrets(value.replaceAll(sentinelToken, ''))
          .filter((secret) => !secret.startsWith('token'))
          .map((secret) => `storage: ${secret}`),
      )
    }
    // The last sign-ins were by password: they forgot the token.
    expect([...storage.items.values()]).toEqual([])
    leaks.push(...findSecrets(consoleRecording.text()).map((secret) => `console: ${secret}`))
    expect(leaks).toEqual([])
    // The checks above looked at something: every console method was spied and called.
    expect(consoleRecording.calls.length).toBeGreaterThan(outcomes.length)
    expect(outcomes.filter((outcome) => outcome.session).length).toBeGreaterThanOrEqual(4)
  })

  it('the session a hash was smuggled into is still the session, minus the hash', () => {
    const session = outcomes.find((outcome) => outcome.label === 'success by password')
      ?.session as Session
    expect(session.name).toBe('Smuggler')
    expect(session.groups[0]?.name).toBe('Group')
    expect(JSON.stringify(session)).not.toMatch(/\$2[abxy]?\$/)
  })

  it('the embedded API never saw a secret in a URL', () => {
    expect(api.lines.length).toBeGreaterThan(10)
    expect(api.lines.flatMap((line) => findSecrets(decodeURIComponent(line)))).toEqual([])
    expect(
      expired.requests.flatMap((request) => findSecrets(decodeURIComponent(request.url))),
    ).toEqual([])
  })
})
