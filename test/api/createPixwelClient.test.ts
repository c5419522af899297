import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest'
import { createPixwelClient, isPixwelError, PixwelError } from '../../src/index'
import { buildSessionResponse } from '../../src/testing/index'
import { sendJson, startLoopbackServer } from '../support/loopbackServer'
import { failure } from '../support/expectFailure'
import { expectNoSecrets } from '../support/expectNoSecrets'

const password = 'Sentinel-Pässwörd✓-7f3a'
const username = 'ユーザー@example.com'
const token = 'pat_SENTINELTOKEN0123456789abcdef'
const basic = 'Basic ' + Buffer.from(`${username}:${password}`, 'utf8').toString('base64')

let api: Awaited<ReturnType<typeof startLoopbackServer>>
let elsewhere: Awaited<ReturnType<typeof startLoopbackServer>>

beforeAll(async () => {
  api = await startLoopbackServer((_, res) => {
    sendJson(res, 200, buildSessionResponse())
  })
  elsewhere = await startLoopbackServer((_, res) => {
    sendJson(res, 200, { ok: true })
  })
})

afterEach(() => {
  api.requests.length = 0
  elsewhere.requests.length = 0
  api.use((_, res) => {
    sendJson(res, 200, buildSessionResponse())
  })
})

afterAll(async () => {
  await api.close()
  await elsewhere.close()
})

describe('createPixwelClient', () => {
  it('defaults to production and knows staging', () => {
    expect(createPixwelClient().baseURL).toBe('https://app.pixwel.com/api')
    expect(createPixwelClient({ environment: 'staging' }).baseURL).toBe(
      'https://api-staging.pixwel.com/api',
    )
    expect(
      createPixwelClient({ environment: 'staging', baseURL: 'https://example.test/api/' }).baseURL,
    ).toBe('https://example.test/api')
  })

  it.each([
    'http://api.example.com/api',
    'http://10.0.0.1/api',
    'ftp://127.0.0.1/api',
    '/api',
    'not a url',
    'https://user:S3cretSentinel@app.pixwel.com/api',
    'https://app.pixwel.com/api?x=1',
  ])('refuses baseURL %s with a configuration error, before any request', (baseURL) => {
    let caught: unknown
    try {
      createPixwelClient({ baseURL })
    } catch (error) {
      caught = error
    }
    expect(isPixwelError(caught) && caught.kind).toBe('configuration')
    expect((caught as Error).message).not.toContain('S3cretSentinel')
  })

  it.each(['http://localhost:4020/api', 'http://127.0.0.9/api', 'http://[::1]:4020/api'])(
    'accepts plain http on the loopback host %s',
    (baseURL) => {
      expect(createPixwelClient({ baseURL }).baseURL).toBe(baseURL)
    },
  )

  it.each([0, -1, Number.NaN, Infinity])('refuses timeoutMs %s', (timeoutMs) => {
    expect(() => createPixwelClient({ timeoutMs })).toThrow(PixwelError)
  })

  it('refuses an unknown environment', () => {
    // @ts-expect-error -- a JavaScript caller may pass anything
    expect(() => createPixwelClient({ environment: 'dev' })).toThrow(/environment/)
  })
})

describe('client.createSession', () => {
  it('posts to /session with Basic auth, JSON and an object body the spec accepts', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    const session = await client.createSession({ username, password })

    expect(session.id).toBe('58c6e38e4b161cef068b4576')
    expect(api.requests).toHaveLength(1)
    const [request] = api.requests
    expect(request!.method).toBe('POST')
    expect(request!.url).toBe('/api/session')
    expect(request!.headers.authorization).toBe(basic)
    expect(request!.headers['content-type']).toMatch(/^application\/json/)
    expect(request!.headers.accept).toContain('application/json')
    const body: unknown = JSON.parse(request!.body)
    expect(typeof body === 'object' && body !== null && !Array.isArray(body)).toBe(true)
  })

  it('asks for the requested fields, always with the id and two-factor flags', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    const session = await client.createSession(
      { username, password },
      { fields: ['name', 'territory', '$links'] },
    )
    const url = new URL(api.requests[0]!.url, api.origin)
    expect(url.searchParams.get('fields')).toBe(
      '_id,id,twofactorVerified,hasEnforced2fa,name,territory,$links',
    )
    expect(Object.keys(session).sort()).toEqual(['id', 'links', 'name', 'territory', 'twoFactor'])
  })

  it('refuses an unknown field as a configuration error', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    // @ts-expect-error -- not a session field
    const error = await failure(client.createSession({ token }, { fields: ['password'] }))
    expect(error.kind).toBe('configuration')
    expect(api.requests).toHaveLength(0)
  })

  it('never retries POST /session', async () => {
    api.use((_, res) => {
      sendJson(res, 503, { error: 'down' })
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    await failure(client.createSession({ username, password }))
    expect(api.requests).toHaveLength(1)
  })

  it('keeps the password and token out of the URL', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ username, password }, { fields: ['name'] })
    await client.createSession({ token })
    for (const request of api.requests) {
      expect(decodeURIComponent(request.url)).not.toContain(password)
      expect(request.url).not.toContain(token)
    }
  })
})

describe('credentials after sign-in', () => {
  it('are attached to later requests on the API origin', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    expect(client.isSignedIn()).toBe(false)
    await client.http.get('/projects').catch(() => undefined)
    expect(api.requests[0]!.headers.authorization).toBeUndefined()

    await client.createSession({ username, password })
    expect(client.isSignedIn()).toBe(true)
    await client.http.get('/projects')
    expect(api.requests.at(-1)!.headers.authorization).toBe(basic)
  })

  it('never travel to another origin: absolute, protocol-relative, or a changed baseURL', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ username, password })

    await client.http.get(`${elsewhere.origin}/absolute`)
    await client.http
      .get(`${elsewhere.origin.replace('http:', '')}/protocol-relative`)
      .catch(() => undefined)
    client.http.defaults.baseURL = elsewhere.baseURL
    await client.http.get('/changed-base')
    // Even the session request stays on the configured API.
    await client.createSession({ token })

    expect(elsewhere.requests.map((request) => request.url)).toEqual(
      expect.arrayContaining(['/absolute', '/api/changed-base']),
    )
    for (const request of elsewhere.requests) {
      expect(request.headers.authorization).toBeUndefined()
      expect(request.headers['x-xsrf-token']).toBeUndefined()
    }
    expect(api.requests.at(-1)!.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('are dropped on a redirect to another origin', async () => {
    api.use((request, res) => {
      if (request.url.startsWith('/api/session')) {
        res.writeHead(307, { Location: `${elsewhere.baseURL}/session` })
        res.end()
      }
    })
    elsewhere.use((_, res) => {
      sendJson(res, 200, buildSessionResponse())
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ username, password }))
    // A sign-in does not follow a redirect off the API's origin at all: nothing is sent there.
    expect(error.kind).toBe('invalid-response')
    expect(elsewhere.requests).toEqual([])
    elsewhere.use((_, res) => {
      sendJson(res, 200, { ok: true })
    })
  })

  it('are forgotten by signOut()', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ username, password })
    client.signOut()
    expect(client.isSignedIn()).toBe(false)
    await client.http.get('/projects')
    expect(api.requests.at(-1)!.headers.authorization).toBeUndefined()
  })

  it('are forgotten on a 401 elsewhere, calling onUnauthorized once for twenty parallel 401s', async () => {
    const onUnauthorized = vi.fn()
    const client = createPixwelClient({ baseURL: api.baseURL, onUnauthorized })
    const events: string[] = []
    client.subscribe((event) =>
      events.push(event.type === 'signed-out' ? event.reason : event.type),
    )
    await client.createSession({ username, password })
    api.use((_, res) => {
      setTimeout(() => sendJson(res, 401, {}), 20)
    })
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => client.http.get('/projects')),
    )
    expect(results.every((result) => result.status === 'rejected')).toBe(true)
    for (const result of results) {
      const reason = (result as PromiseRejectedResult).reason as PixwelError
      expect(reason.kind).toBe('unauthorized')
      expectNoSecrets(reason, [password, token, basic, basic.slice(6)])
    }
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
    expect((onUnauthorized.mock.calls[0]![0] as PixwelError).kind).toBe('unauthorized')
    expect(events).toEqual(['signed-in', 'unauthorized'])
    expect(client.isSignedIn()).toBe(false)
  })

  it('survive a listener or onUnauthorized that throws', async () => {
    // Node has no reportError: the library reports an app callback's error to console.error.
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    onTestFinished(() => reported.mockRestore())
    const client = createPixwelClient({
      baseURL: api.baseURL,
      onUnauthorized: () => {
        throw new Error('listener bug')
      },
    })
    client.subscribe(() => {
      throw new Error('listener bug')
    })
    await client.createSession({ username, password })
    expect(client.isSignedIn()).toBe(true)
    api.use((_, res) => {
      sendJson(res, 401, {})
    })
    expect((await failure(client.http.get('/projects'))).kind).toBe('unauthorized')
    expect(client.isSignedIn()).toBe(false)
    // The listener on signed-in and on signed-out, and onUnauthorized: each reported, once.
    expect(reported.mock.calls).toEqual([
      [new Error('listener bug')],
      [new Error('listener bug')],
      [new Error('listener bug')],
    ])
  })

  it('a sign-out during a sign-in drops the late answer', async () => {
    api.use((_, res) => {
      setTimeout(() => sendJson(res, 200, buildSessionResponse()), 50)
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const pending = client.createSession({ username, password })
    setTimeout(() => client.signOut(), 10)
    expect((await failure(pending)).kind).toBe('aborted')
    expect(client.isSignedIn()).toBe(false)
  })
})
