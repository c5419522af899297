/**
 * Hardening, round 2: the red team's hostile cases against the public entry points and the
 * network paths, and the ones our own review found after them. Each `it` names its defect.
 */
import type { ServerResponse } from 'node:http'
import type { AxiosAdapter } from 'axios'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  isPixwelError,
  pixwelEnvironments,
  sealCredentials,
  type PixwelClient,
  type PixwelClientEvent,
  type PixwelError,
} from '../../src/index'
import { retryAfterMs } from '../../src/api/retryAfter'
import { buildSessionResponse } from '../../src/testing/index'
import { sendJson, startLoopbackServer } from '../support/loopbackServer'
import { everyRendering, findSecrets, sentinelPassword, sentinelToken } from './support/sentinels'

let api: Awaited<ReturnType<typeof startLoopbackServer>>
let elsewhere: Awaited<ReturnType<typeof startLoopbackServer>>

const answerSession = (_: unknown, res: ServerResponse) => {
  sendJson(res, 200, buildSessionResponse())
}

beforeAll(async () => {
  api = await startLoopbackServer(answerSession)
  // What an attacker who can answer a redirect would send: a perfectly valid session.
  elsewhere = await startLoopbackServer((_, res) => {
    sendJson(res, 200, buildSessionResponse({ name: 'Mallory' }))
  })
})
afterEach(() => {
  api.requests.length = 0
  elsewhere.requests.length = 0
  api.use(answerSession)
})
afterAll(async () => {
  await api.close()
  await elsewhere.close()
})

async function failure(promise: Promise<unknown>): Promise<PixwelError> {
  try {
    await promise
  } catch (error) {
    expect(isPixwelError(error), `not a PixwelError: ${String(error)}`).toBe(true)
    return error as PixwelError
  }
  throw new Error('expected a failure')
}

function thrown(run: () => unknown): PixwelError {
  try {
    run()
  } catch (error) {
    expect(isPixwelError(error), `not a PixwelError: ${String(error)}`).toBe(true)
    return error as PixwelError
  }
  throw new Error('expected a throw')
}

function events(client: PixwelClient): PixwelClientEvent[] {
  const seen: PixwelClientEvent[] = []
  client.subscribe((event) => seen.push(event))
  return seen
}

describe('a session only from the API origin (defect 1)', () => {
  it.each([301, 302, 303, 307, 308])(
    'a %i of POST /session to another origin is invalid-response, nothing signed in',
    async (status) => {
      api.use((_, res) => {
        res.writeHead(status, { Location: `${elsewhere.origin}/api/session` }).end()
      })
      const client = createPixwelClient({ baseURL: api.baseURL })
      const seen = events(client)
      const error = await failure(client.createSession({ token: sentinelToken }))
      expect(error.kind).toBe('invalid-response')
      expect(error.message).toMatch(/another origin/)
      expect(client.isSignedIn()).toBe(false)
      expect(seen).toEqual([])
      // The credentials never reached the other origin either.
      expect(findSecrets(JSON.stringify(elsewhere.requests))).toEqual([])
    },
  )

  it('a 307 within the API origin is followed and signs in', async () => {
    api.use((request, res) => {
      if (request.url.startsWith('/api/session-moved')) sendJson(res, 200, buildSessionResponse())
      else res.writeHead(307, { Location: '/api/session-moved' }).end()
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const session = await client.createSession({ token: sentinelToken })
    expect(session.name).not.toBe('Mallory')
    expect(client.isSignedIn()).toBe(true)
    expect(api.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${sentinelToken}`,
      `Bearer ${sentinelToken}`,
    ])
  })

  it('a redirect to another origin that answers 401 or 429 is not taken for the API verdict', async () => {
    const stranger = await startLoopbackServer((_, res) => {
      sendJson(res, 429, {}, { 'Retry-After': '99999' })
    })
    api.use((_, res) => {
      res.writeHead(307, { Location: `${stranger.origin}/api/session` }).end()
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    expect((await failure(client.createSession({ token: sentinelToken }))).kind).toBe(
      'invalid-response',
    )
    await stranger.close()
  })

  it('a later request redirected to another origin that answers 401 does not sign the user out', async () => {
    const stranger = await startLoopbackServer((_, res) => {
      sendJson(res, 401, {})
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ token: sentinelToken })
    api.use((_, res) => {
      res.writeHead(302, { Location: `${stranger.origin}/elsewhere` }).end()
    })
    const error = await failure(client.http.get('/projects'))
    expect(error.kind).toBe('invalid-response')
    expect(client.isSignedIn()).toBe(true)
    // …and the redirect was followed without the credentials, as before.
    expect(stranger.requests).toHaveLength(1)
    expect(stranger.requests[0]?.headers.authorization).toBeUndefined()
    await stranger.close()
  })

  it('an adapter that reports a final URL on http: for an https: API is refused (scheme counts)', async () => {
    // What an XMLHttpRequest reports after a 307 from https: to http: on the same host.
    const adapter: AxiosAdapter = (config) =>
      Promise.resolve({
        data: JSON.stringify(buildSessionResponse()),
        status: 200,
        statusText: 'OK',
        headers: {},
        config,
        request: { responseURL: 'http://app.pixwel.com/api/session' },
      })
    const client = createPixwelClient({ adapter })
    const seen = events(client)
    expect((await failure(client.createSession({ token: sentinelToken }))).kind).toBe(
      'invalid-response',
    )
    expect(client.isSignedIn()).toBe(false)
    expect(seen).toEqual([])
  })

  it('the same adapter reporting the API origin signs in', async () => {
    const adapter: AxiosAdapter = (config) =>
      Promise.resolve({
        data: JSON.stringify(buildSessionResponse()),
        status: 200,
        statusText: 'OK',
        headers: {},
        config,
        request: { responseURL: 'https://app.pixwel.com/api/session' },
      })
    const client = createPixwelClient({ adapter })
    await client.createSession({ token: sentinelToken })
    expect(client.isSignedIn()).toBe(true)
  })
})

describe('timeoutMs bounds the whole exchange (defects 2 and 3)', () => {
  it('a body that drips a byte every 25 ms ends in timeout at timeoutMs', async () => {
    const body = JSON.stringify(buildSessionResponse())
    let stop = false
    api.use(async (_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      for (const char of body) {
        if (stop || res.destroyed) return
        res.write(char)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      res.end()
    })
    const client = createPixwelClient({ baseURL: api.baseURL, timeoutMs: 400 })
    const started = Date.now()
    const error = await failure(client.createSession({ token: sentinelToken }))
    const took = Date.now() - started
    stop = true
    expect(error.kind).toBe('timeout')
    expect(error.message).toMatch(/400 ms/)
    // The body would take body.length × 25 ms (minutes); generous room for a loaded machine.
    expect(took).toBeLessThan(5_000)
    expect(client.isSignedIn()).toBe(false)
  })

  it('a response that stalls after its headers ends in timeout, not invalid-response', async () => {
    api.use((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('{"_id":')
    })
    const client = createPixwelClient({ baseURL: api.baseURL, timeoutMs: 300 })
    expect((await failure(client.createSession({ token: sentinelToken }))).kind).toBe('timeout')
  })

  it('a later request that stalls mid-body ends in timeout too', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL, timeoutMs: 300 })
    await client.createSession({ token: sentinelToken })
    api.use((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.write('[')
    })
    expect((await failure(client.http.get('/projects'))).kind).toBe('timeout')
  })

  it('a caller signal still aborts as aborted, and a finished request leaves no timer', async () => {
    const before = process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length
    const client = createPixwelClient({ baseURL: api.baseURL, timeoutMs: 60_000 })
    await client.createSession({ token: sentinelToken })
    await client.http.get('/projects')
    expect(process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length).toBe(
      before,
    )
    api.use(() => {
      // never answers
    })
    const controller = new AbortController()
    const pending = client.http.get('/projects', { signal: controller.signal })
    setTimeout(() => {
      controller.abort()
    }, 50)
    expect((await failure(pending)).kind).toBe('aborted')
  })

  it.each([2 ** 31, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, 2 ** 53])(
    'timeoutMs %d is refused as configuration (a timer fires at once past 2^31 - 1)',
    (timeoutMs) => {
      expect(thrown(() => createPixwelClient({ baseURL: api.baseURL, timeoutMs })).kind).toBe(
        'configuration',
      )
    },
  )

  it('timeoutMs 2^31 - 1 is honoured (no instant timeout)', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL, timeoutMs: 2 ** 31 - 1 })
    await client.createSession({ token: sentinelToken })
    expect(client.isSignedIn()).toBe(true)
  })
})

describe('bad input at every public entry point becomes a PixwelError that echoes nothing (defect 4)', () => {
  const hostileGetter = {
    get token(): string {
      throw new Error(sentinelPassword)
    },
  }
  const hostileProxy = new Proxy(
    {},
    {
      getOwnPropertyDescriptor() {
        throw new Error(sentinelPassword)
      },
      get() {
        throw new Error(sentinelPassword)
      },
      has() {
        throw new Error(sentinelPassword)
      },
    },
  )
  const badCredentials: [string, unknown][] = [
    ['a bare password string', sentinelPassword],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a boolean', true],
    ['a symbol', Symbol(sentinelPassword)],
    ['a bigint', 10n],
    ['a function', () => sentinelPassword],
    ['an array', [sentinelPassword]],
    ['a throwing getter', hostileGetter],
    ['a throwing proxy', hostileProxy],
    ['a token and a password at once', { token: sentinelToken, password: sentinelPassword }],
    ['a numeric token', { token: 1234 }],
    ['a password without username', { password: sentinelPassword }],
  ]

  it.each(badCredentials)(
    'createSession(%s) is invalid-credentials, no request',
    async (_, value) => {
      const client = createPixwelClient({ baseURL: api.baseURL })
      const error = await failure(client.createSession(value as never))
      expect(error.kind).toBe('invalid-credentials')
      expect(findSecrets(everyRendering(error))).toEqual([])
      expect(api.requests).toHaveLength(0)
      expect(client.isSignedIn()).toBe(false)
    },
  )

  it.each(badCredentials)('sealCredentials(%s) never throws', (_, value) => {
    expect(() => sealCredentials(value as never)).not.toThrow()
  })

  const badOptions: [string, unknown][] = [
    ['null', null],
    ['a string', sentinelPassword],
    ['a number', 5],
    [
      'a throwing getter',
      {
        get fields(): never {
          throw new Error(sentinelPassword)
        },
      },
    ],
    ['a throwing proxy', hostileProxy],
    ['a signal that is not an AbortSignal', { signal: { aborted: sentinelPassword } }],
    ['fields that are not an array', { fields: sentinelPassword }],
    ['fields with a password in them', { fields: ['name', sentinelPassword] }],
    [
      'fields as a throwing proxy',
      {
        fields: new Proxy([], {
          get() {
            throw new Error('x')
          },
        }),
      },
    ],
    ['a million fields', { fields: Array.from({ length: 1_000_000 }, () => 'name') }],
  ]

  it.each(badOptions)(
    'createSession(credentials, %s) is configuration, no request',
    async (_, value) => {
      const client = createPixwelClient({ baseURL: api.baseURL })
      const error = await failure(client.createSession({ token: sentinelToken }, value as never))
      expect(error.kind).toBe('configuration')
      expect(findSecrets(everyRendering(error))).toEqual([])
      expect(api.requests).toHaveLength(0)
    },
  )

  const badClientOptions: [string, unknown][] = [
    ['null', null],
    ['a string', sentinelPassword],
    [
      'a throwing getter',
      {
        get baseURL(): never {
          throw new Error(sentinelPassword)
        },
      },
    ],
    ['a throwing proxy', hostileProxy],
    ['a baseURL that is a number', { baseURL: 5 }],
    ['an environment that is an object', { environment: {} }],
    ['a timeoutMs that is a string', { timeoutMs: '100' }],
    ['an onUnauthorized that is a string', { onUnauthorized: sentinelPassword }],
    ['an adapter that is a number', { adapter: 5 }],
  ]

  it.each(badClientOptions)('createPixwelClient(%s) is configuration', (_, value) => {
    const error = thrown(() => createPixwelClient(value as never))
    expect(error.kind).toBe('configuration')
    expect(findSecrets(everyRendering(error))).toEqual([])
  })

  it('createPixwelClient() and createPixwelClient(undefined) still work', () => {
    expect(createPixwelClient().baseURL).toBe(pixwelEnvironments.production)
    expect(createPixwelClient(undefined).baseURL).toBe(pixwelEnvironments.production)
  })

  it('subscribe with something that is not a function is configuration', () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    expect(thrown(() => client.subscribe(null as never)).kind).toBe('configuration')
  })

  it('frozen and getter-bearing credentials that are well-formed still sign in', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession(Object.freeze({ token: sentinelToken }))
    let reads = 0
    await client.createSession({
      get token() {
        reads++
        return sentinelToken
      },
    })
    expect(reads).toBe(1)
    expect(client.isSignedIn()).toBe(true)
  })
})

describe('a polluted Object.prototype is never read (defect 5)', () => {
  const proto = Object.prototype as Record<string, unknown>
  afterEach(() => {
    for (const key of ['baseURL', 'token', 'environment', 'fields', 'timeoutMs', 'adapter'])
      Reflect.deleteProperty(proto, key)
  })

  it('Object.prototype.baseURL does not move the client', () => {
    proto.baseURL = elsewhere.baseURL
    expect(createPixwelClient().baseURL).toBe(pixwelEnvironments.production)
    expect(createPixwelClient({ environment: 'staging' }).baseURL).toBe(pixwelEnvironments.staging)
  })

  it('Object.prototype.token does not turn a password sign-in into a bearer one', async () => {
    proto.token = 'pat_ATTACKER'
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ username: 'ada@example.com', password: sentinelPassword })
    expect(api.requests[0]?.headers.authorization).toMatch(/^Basic /)
  })

  it('Object.prototype.fields, timeoutMs and adapter are not taken as options', async () => {
    proto.fields = ['name']
    proto.timeoutMs = 1
    let adapterCalls = 0
    proto.adapter = () => {
      adapterCalls++
      return Promise.reject(new Error('attacker adapter'))
    }
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ token: sentinelToken })
    expect(api.requests[0]?.url).toBe('/api/session')
    expect(adapterCalls).toBe(0)
  })
})

describe('Retry-After is read by RFC 9110 only (defect 6)', () => {
  const now = Date.UTC(2026, 10, 29, 12, 0, 0)
  it.each([
    '10 20 30',
    'Wed 2035',
    '1.5',
    '60.5',
    '7, 9',
    '1 2',
    '12/31',
    '-5',
    '+5',
    '0x10',
    '1e3',
    'Wed, 31 Feb 2035 00:00:00 GMT',
    'Sun, 06 Nov 1994 25:00:00 GMT',
    'tomorrow',
    '',
  ])('%j is unreadable', (header) => {
    expect(retryAfterMs(header, now)).toBeUndefined()
  })
  it.each([
    ['0', 0],
    ['120', 120_000],
    [' 30 ', 30_000],
    ['Sun, 29 Nov 2026 12:00:30 GMT', 30_000],
    ['Sunday, 29-Nov-26 12:01:00 GMT', 60_000],
    ['Sun Nov 29 12:00:10 2026', 10_000],
    ['Sun, 06 Nov 1994 08:49:37 GMT', 0],
  ] as const)('%j is %d ms', (header, ms) => {
    expect(retryAfterMs(header, now)).toBe(ms)
  })
  it('a 429 with an unreadable Retry-After has no retryAfterMs', async () => {
    api.use((_, res) => {
      sendJson(res, 429, {}, { 'Retry-After': '1.5' })
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ token: sentinelToken }))
    expect(error.kind).toBe('rate-limited')
    expect(error.retryAfterMs).toBeUndefined()
  })
})

describe('a sign-out from a signed-in listener wins (defect 7)', () => {
  it('the sign-in rejects with aborted and nothing is signed in', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    client.subscribe((event) => {
      if (event.type === 'signed-in') client.signOut()
    })
    expect((await failure(client.createSession({ token: sentinelToken }))).kind).toBe('aborted')
    expect(client.isSignedIn()).toBe(false)
  })
})
