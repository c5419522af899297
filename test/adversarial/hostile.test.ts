/**
 * Hardening, round 2: the red team's hostile cases against the public entry points and the
 * network paths, and the ones our own review found after them. Each `it` names its defect.
 */
import type { ServerResponse } from 'node:http'
import type { AxiosAdapter } from 'axios'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  pixwelEnvironments,
  sealCredentials,
  type PixwelClient,
  type PixwelClientEvent,
} from '../../src/index'
import { retryAfterMs } from '../../src/api/retryAfterMs'
import { buildSessionResponse } from '../../src/testing/index'
import { sendJson, startLoopbackServer } from '../support/loopbackServer'
import { failure, thrown } from '../support/expectFailure'
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

  /** An adapter answering a session, and saying (as Node's does) where the request ended. */
  const endingAt =
    (responseUrl: string): AxiosAdapter =>
    (config) =>
      Promise.resolve({
        data: JSON.stringify(buildSessionResponse()),
        status: 200,
        statusText: 'OK',
        headers: {},
        config,
        request: { res: { responseUrl } },
      })

  it('an adapter that reports a final URL on http: for an https: API is refused (scheme counts)', async () => {
    // What Node's adapter reports after a 307 from https: to http: on the same host.
    const client = createPixwelClient({ adapter: endingAt('http://app.pixwel.com/api/session') })
    const seen = events(client)
    expect((await failure(client.createSession({ token: sentinelToken }))).kind).toBe(
      'invalid-response',
    )
    expect(client.isSignedIn()).toBe(false)
    expect(seen).toEqual([])
  })

  it('the same adapter reporting the API origin signs in', async () => {
    const client = createPixwelClient({ adapter: endingAt('https://app.pixwel.com/api/session') })
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
    const error = await failure(client.createSession({ token: sentinelToken }), 'rate-limited')
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

/**
 * What our own attack found after the red team's seven (RELIABILITY.md, found and fixed 8–).
 * Each was a real defect of the commit that fixed the seven.
 */
describe('found by our own attack', () => {
  const proto = Object.prototype as Record<string, unknown>
  afterEach(() => {
    for (const key of ['responseURL', 'retryAfterMs', 'status', 'cause', 'retry-after'])
      Reflect.deleteProperty(proto, key)
  })

  it('a polluted Object.prototype.responseURL does not vouch for another origin', async () => {
    api.use((_, res) => {
      res.writeHead(302, { Location: `${elsewhere.origin}/api/session` }).end()
    })
    proto.responseURL = api.origin
    const client = createPixwelClient({ baseURL: api.baseURL })
    expect((await failure(client.createSession({ token: sentinelToken }))).kind).toBe(
      'invalid-response',
    )
    expect(client.isSignedIn()).toBe(false)
  })

  it('a redirect chain that leaves the API origin and comes back is refused', async () => {
    const bounce = await startLoopbackServer((_, res) => {
      res.writeHead(307, { Location: `${api.origin}/api/session-back` }).end()
    })
    api.use((request, res) => {
      if (request.url.startsWith('/api/session-back')) sendJson(res, 200, buildSessionResponse())
      else res.writeHead(307, { Location: `${bounce.origin}/bounce` }).end()
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    expect((await failure(client.createSession({ token: sentinelToken }))).kind).toBe(
      'invalid-response',
    )
    expect(client.isSignedIn()).toBe(false)
    // The credentials reached neither the other origin nor the API a second time.
    expect(bounce.requests).toHaveLength(0)
    await bounce.close()
  })

  it('a signal whose methods throw is a configuration error that echoes nothing', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    const signal = {
      aborted: false,
      addEventListener() {
        throw new Error(sentinelPassword)
      },
      removeEventListener() {
        throw new Error(sentinelPassword)
      },
    }
    const error = await failure(client.createSession({ token: sentinelToken }, { signal } as never))
    expect(error.kind).toBe('configuration')
    expect(findSecrets(everyRendering(error))).toEqual([])
  })

  it('a removeEventListener that throws after a successful sign-in changes nothing', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    const real = new AbortController().signal
    const signal = {
      get aborted() {
        return real.aborted
      },
      addEventListener: real.addEventListener.bind(real),
      removeEventListener() {
        throw new Error(sentinelPassword)
      },
    }
    const session = await client.createSession({ token: sentinelToken }, { signal } as never)
    expect(session.id).toBeTruthy()
    expect(client.getSession().session).toBe(session)
  })

  it('timeoutMs bounds an adapter that ignores the abort signal', async () => {
    const client = createPixwelClient({
      baseURL: api.baseURL,
      timeoutMs: 150,
      adapter: () => new Promise(() => undefined),
    })
    const error = await failure(client.createSession({ token: sentinelToken }))
    expect(error.kind).toBe('timeout')
  })

  it('a 2^32-1 element fields array is refused without copying it', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    const started = performance.now()
    const error = await failure(
      client.createSession({ token: sentinelToken }, { fields: new Array(2 ** 32 - 1) } as never),
    )
    expect(error.kind).toBe('configuration')
    // Copying it took 15 s; the refusal takes microseconds. Generous bound, not a benchmark.
    expect(performance.now() - started).toBeLessThan(1_000)
  })

  it.each([
    ['an unknown environment', { environment: 'hunter2-secret-environment' }],
    ['a non-https baseURL', { baseURL: 'ftp://hunter2-secret-host.example/' }],
  ])('%s is refused without echoing it', (_, options) => {
    const error = thrown(() => createPixwelClient(options as never))
    expect(error.kind).toBe('configuration')
    expect(everyRendering(error)).not.toMatch(/hunter2-secret/)
  })

  it.each([['bogus'], [[]], [['nope']], ['xhr']])(
    'adapter %j that this platform cannot use is refused at creation',
    (adapter) => {
      expect(thrown(() => createPixwelClient({ adapter: adapter as never })).kind).toBe(
        'configuration',
      )
    },
  )

  it('a polluted Object.prototype gives no error a status, retryAfterMs or cause', async () => {
    proto.retryAfterMs = -5
    proto.status = 299
    proto.cause = 'polluted'
    proto['retry-after'] = '7'
    api.use((_, res) => {
      sendJson(res, 429, {})
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ token: sentinelToken }), 'rate-limited')
    expect(error.retryAfterMs).toBeUndefined()
    expect(Object.hasOwn(error, 'cause')).toBe(false)
    expect(error.status).toBe(429)
  })

  it.each(['\u00a0120', '\ufeff120', '120\n'])('Retry-After %j is unreadable', (header) => {
    expect(retryAfterMs(header)).toBeUndefined()
  })

  it.each([-Infinity, NaN])(
    'retryAfterMs with now = %d is undefined, not Infinity or NaN',
    (now) => {
      expect(retryAfterMs('Sun, 06 Nov 2026 08:49:37 GMT', now)).toBeUndefined()
    },
  )

  it.each([600, 799, 999])('HTTP %i is invalid-response, not server', async (status) => {
    api.use((_, res) => {
      sendJson(res, status, {})
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    expect((await failure(client.createSession({ token: sentinelToken }))).kind).toBe(
      'invalid-response',
    )
  })

  it('a listener that signs out during signed-in: the others hear only signed-out, last', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    client.subscribe((event) => {
      if (event.type === 'signed-in') client.signOut()
    })
    const seen = events(client)
    await failure(client.createSession({ token: sentinelToken }))
    expect(seen.map((event) => event.type)).toEqual(['signed-out'])
    expect(client.getSession().status).toBe('signed-out')
  })

  it('the latest sign-in wins even when the earlier one answers later', async () => {
    api.use((request, res) => {
      const alice = request.headers.authorization === 'Bearer pat_alice'
      setTimeout(
        () => {
          sendJson(res, 200, buildSessionResponse({ _id: alice ? 'alice' : 'bob' }))
        },
        alice ? 200 : 20,
      )
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const alice = client.createSession({ token: 'pat_alice' })
    const bob = client.createSession({ token: 'pat_bob' })
    expect((await failure(alice)).kind).toBe('aborted')
    expect((await bob).id).toBe('bob')
    await client.http.get('/projects')
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer pat_bob')
  })

  it('a sign-in right after a sign-out is its own request, not the cancelled one', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    const first = client.createSession({ token: 'pat_alice' })
    client.signOut()
    const second = client.createSession({ token: 'pat_bob' })
    expect((await failure(first)).kind).toBe('aborted')
    await second
    expect(client.isSignedIn()).toBe(true)
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer pat_bob')
  })
})
