// The mapping of every failure to a PixwelError kind, seen as an app sees it: through
// client.createSession against a real loopback server.
import { describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  PixwelError,
  pixwelErrorMessage,
  type PixwelErrorKind,
} from '../../src/index'
import { buildSessionResponse } from '../../src/testing/index'
import { failure } from '../support/expectFailure'
import { expectNoSecrets } from '../support/expectNoSecrets'
import { sendJson, startLoopbackServer, startSessionServer } from '../support/loopbackServer'

const password = 'Sentinel-Pässwörd✓-7f3a'
const username = 'ユーザー@example.com'
const token = 'pat_SENTINELTOKEN0123456789abcdef'
const basic = 'Basic ' + Buffer.from(`${username}:${password}`, 'utf8').toString('base64')

const api = await startSessionServer()

describe('toPixwelError, through client.createSession', () => {
  const rows: [string, (res: import('node:http').ServerResponse) => void, PixwelErrorKind][] = [
    ['401', (res) => sendJson(res, 401, { error: 'Unauthorized' }), 'invalid-credentials'],
    ['403', (res) => sendJson(res, 403, { error: 'Forbidden' }), 'forbidden'],
    ['400', (res) => sendJson(res, 400, { error: 'Bad' }), 'bad-request'],
    ['422', (res) => sendJson(res, 422, { error: 'Unprocessable' }), 'bad-request'],
    ['429', (res) => sendJson(res, 429, {}, { 'Retry-After': '7' }), 'rate-limited'],
    ['500', (res) => sendJson(res, 500, { error: 'boom' }), 'server'],
    [
      '502 with an HTML body',
      (res) => {
        res.writeHead(502, { 'Content-Type': 'text/html' })
        res.end('<html><h1>Bad gateway</h1></html>')
      },
      'server',
    ],
    ['503 with no body', (res) => res.writeHead(503).end(), 'server'],
    [
      '200 with HTML',
      (res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' })
        res.end('<html>hi</html>')
      },
      'invalid-response',
    ],
    [
      '200 with truncated JSON',
      (res) => sendJson(res, 200, '{"_id": "a", "name'),
      'invalid-response',
    ],
    ['200 with an empty body', (res) => res.writeHead(200).end(), 'invalid-response'],
    ['200 failing the schema', (res) => sendJson(res, 200, { _id: 5 }), 'invalid-response'],
    ['a dropped connection', (res) => res.destroy(), 'network'],
  ]

  it.each(rows)('maps %s to its kind, with no secret inside', async (_, reply, kind) => {
    api.use((_, res) => {
      reply(res)
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ username, password }))
    expect(error.kind).toBe(kind)
    expect(error).toBeInstanceOf(PixwelError)
    expectNoSecrets(error, [password, token, basic, basic.slice(6)])
  })

  it('accepts a JSON body that starts with a byte order mark', async () => {
    api.use((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end('\uFEFF' + JSON.stringify(buildSessionResponse()))
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    expect((await client.createSession({ token })).id).toBe('58c6e38e4b161cef068b4576')
  })

  it('names the failing paths of an invalid response and carries the issues', async () => {
    api.use((_, res) => {
      sendJson(res, 200, { _id: 'x', preferences: { mail: { enabled: 'yes' } } })
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ token }), 'invalid-response')
    expect(error.message).toContain('preferences.mail.enabled')
    expect(error.issues?.[0]?.path).toEqual(['preferences', 'mail', 'enabled'])
  })

  it('reads Retry-After in seconds and as an HTTP date', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    api.use((_, res) => {
      sendJson(res, 429, {}, { 'Retry-After': '120' })
    })
    expect((await failure(client.createSession({ token }), 'rate-limited')).retryAfterMs).toBe(
      120_000,
    )

    const at = new Date(Date.now() + 90_000).toUTCString()
    api.use((_, res) => {
      sendJson(res, 429, {}, { 'Retry-After': at })
    })
    const error = await failure(client.createSession({ token }), 'rate-limited')
    expect(error.status).toBe(429)
    expect(error.retryAfterMs).toBeGreaterThan(80_000)
    expect(error.retryAfterMs).toBeLessThanOrEqual(90_000)

    api.use((_, res) => {
      sendJson(res, 429, {}, { 'Retry-After': 'soon' })
    })
    expect(
      (await failure(client.createSession({ token }), 'rate-limited')).retryAfterMs,
    ).toBeUndefined()
  })

  it('refuses a body above the size limit as invalid-response', async () => {
    api.use((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ _id: 'x', queue: ['x'.repeat(9 * 1024 * 1024)] }))
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ token }))
    expect(error.kind).toBe('invalid-response')
    expect(error.message).toMatch(/larger/)
  })

  it('times out as timeout', async () => {
    api.use(() => {
      // never answers
    })
    const client = createPixwelClient({ baseURL: api.baseURL, timeoutMs: 100 })
    const error = await failure(client.createSession({ username, password }))
    expect(error.kind).toBe('timeout')
    expectNoSecrets(error, [password, token, basic, basic.slice(6)])
  })

  it('aborts as aborted', async () => {
    api.use(() => {
      // never answers
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const controller = new AbortController()
    const pending = client.createSession({ username, password }, { signal: controller.signal })
    setTimeout(() => controller.abort(), 20)
    expect((await failure(pending)).kind).toBe('aborted')
    const already = AbortSignal.abort()
    expect((await failure(client.createSession({ token }, { signal: already }))).kind).toBe(
      'aborted',
    )
  })

  it('fails as network when nothing listens', async () => {
    const closed = await startLoopbackServer(() => undefined)
    await closed.close()
    const client = createPixwelClient({ baseURL: closed.baseURL })
    const error = await failure(client.createSession({ username, password }))
    expect(error.kind).toBe('network')
    expectNoSecrets(error, [password, token, basic, basic.slice(6)])
  })
})

describe('a 401 is worded for the credential used', () => {
  const unauthorized = () =>
    api.use((_, res) => {
      sendJson(res, 401, { error: 'Unauthorized' })
    })

  it('a refused token is a wrong, expired or revoked token, for developers and for people', async () => {
    unauthorized()
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ token }), 'invalid-credentials')
    expect(error.credential).toBe('token')
    expect(error.message).toBe('The access token is wrong, expired or revoked.')
    expect(pixwelErrorMessage(error)).toMatch(/access token .*mistyped, expired or revoked/)
    for (const message of [error.message, pixwelErrorMessage(error)]) {
      expect(message).not.toMatch(/password|username/i)
    }
    expect(error.toJSON()).toEqual({
      name: 'PixwelError',
      kind: 'invalid-credentials',
      message: error.message,
      status: 401,
      credential: 'token',
    })
  })

  it('a refused password is a wrong username or password', async () => {
    unauthorized()
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ username, password }), 'invalid-credentials')
    expect(error.credential).toBe('password')
    expect(error.message).toBe('The username or password is wrong.')
    expect(pixwelErrorMessage(error)).toBe('The username or password is incorrect.')
  })

  it('a held token that stops working is an expired or revoked token', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ token })
    unauthorized()
    const error = await failure(client.refreshSession(), 'unauthorized')
    expect(error.credential).toBe('token')
    expect(error.message).toBe('The access token expired or was revoked (HTTP 401).')
    expect(pixwelErrorMessage(error)).toMatch(/access token no longer works/)
    expect(pixwelErrorMessage(error)).not.toMatch(/password/i)
  })

  it('held password credentials that stop working end the session', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ username, password })
    unauthorized()
    const error = await failure(client.refreshSession(), 'unauthorized')
    expect(error.credential).toBe('password')
    expect(pixwelErrorMessage(error)).toBe('Your session has ended. Please sign in again.')
  })

  it('a token refused before any request is worded as a token too', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ token: 'not a token' }))
    expect(error).toMatchObject({ kind: 'invalid-credentials', credential: 'token' })
    expect(pixwelErrorMessage(error)).not.toMatch(/password/i)
    expect(api.requests).toHaveLength(0)
  })
})
