import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashAccountPasswords } from '../../server/hashAccountPasswords.js'
import { mockPortFromEnv, startDemoServer } from '../../server/startDemoServer.js'
import { startPixwelServer, type PixwelServer } from '../../server/startPixwelServer.js'
import {
  demoAccounts,
  demoPassword,
  invalidCredentialsBody,
  maxSessionRequestBytes,
} from '../../src/testing/index.js'

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`

/** A raw HTTP exchange, for what `fetch` will not send (a body of any length, no body at all). */
function rawPost(
  url: string,
  headers: Record<string, string>,
  chunks: readonly (string | Buffer)[],
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body })
      })
    })
    // The server may answer 413 and close before the body is all sent; the answer still counts.
    req.on('error', reject)
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })
}

describe('startDemoServer', () => {
  let api: PixwelServer

  beforeAll(async () => {
    api = await startDemoServer({ port: 0, bcryptCost: 4 })
  })
  afterAll(() => api?.close())

  const post = (authorization: string | null, body: string | null = '{}', origin?: string) =>
    fetch(`${api.url}/session`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(authorization === null ? {} : { Authorization: authorization }),
        ...(origin === undefined ? {} : { Origin: origin }),
      },
      ...(body === null ? {} : { body }),
    })

  it.each([
    ['demo@example.com', 200],
    ['two-factor@example.com', 200],
    ['forbidden@example.com', 403],
    ['rate-limited@example.com', 429],
    ['malformed@example.com', 200],
    ['slow@example.com', 200],
  ])('should answer %s with HTTP %i', async (username, status) => {
    const response = await post(basic(username, demoPassword))
    expect(response.status).toBe(status)
    if (status === 429) expect(response.headers.get('retry-after')).toBe('30')
    if (username === 'two-factor@example.com') {
      expect(await response.json()).toMatchObject({
        hasEnforced2fa: true,
        twofactorVerified: false,
      })
    }
  })

  it('should seed exactly the seven documented demo users', () => {
    expect(demoAccounts.map((account) => [account.username, account.scenario])).toEqual([
      ['demo@example.com', 'success'],
      ['two-factor@example.com', 'two-factor-required'],
      ['forbidden@example.com', 'forbidden'],
      ['rate-limited@example.com', 'rate-limited'],
      ['malformed@example.com', 'malformed'],
      ['drifted@example.com', 'drifted'],
      ['slow@example.com', 'slow'],
    ])
  })

  it('should answer an unknown user and a wrong password identically', async () => {
    const unknown = await post(basic('nobody@example.com', demoPassword))
    const wrong = await post(basic('demo@example.com', 'not-the-password'))
    const strip = (headers: Headers) =>
      [...headers].filter(([name]) => name !== 'date' && name !== 'keep-alive')
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    expect(strip(wrong.headers)).toEqual(strip(unknown.headers))
    const [unknownBody, wrongBody] = [await unknown.json(), await wrong.json()]
    expect(wrongBody).toEqual(unknownBody)
    expect(wrongBody).toEqual(invalidCredentialsBody)
  })

  it('should answer the preflight of the demo origin, Authorization header included', async () => {
    const response = await fetch(`${api.url}/session`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    expect(response.headers.get('access-control-allow-methods')).toContain('POST')
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    )
  })

  it("should let the page read Retry-After from another loopback origin's request", async () => {
    const response = await post(
      basic('rate-limited@example.com', demoPassword),
      '{}',
      'http://localhost:5173',
    )
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After')
  })

  it('should give no CORS grant to a non-loopback origin', async () => {
    const preflight = await fetch(`${api.url}/session`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    })
    expect(preflight.status).toBe(403)
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
    const direct = await post(basic('demo@example.com', demoPassword), '{}', 'https://evil.example')
    expect(direct.status).toBe(403)
    expect(direct.headers.get('access-control-allow-origin')).toBeNull()
  })

  it.each([
    ['no Authorization header', null, '{}', 401],
    ['an unknown scheme', 'Digest abc', '{}', 400],
    ['Basic that is not base64', 'Basic !!!', '{}', 400],
    ['Basic without a colon', `Basic ${Buffer.from('nocolon').toString('base64')}`, '{}', 400],
    [
      'Basic that is not UTF-8',
      `Basic ${Buffer.from([0xff, 0x3a, 0x61]).toString('base64')}`,
      '{}',
      400,
    ],
    ['no body', 'valid', null, 400],
    ['an empty body', 'valid', '', 400],
    ['a body that is not JSON', 'valid', '{"username":', 400],
    ['a JSON array', 'valid', '[]', 400],
  ])(
    'should answer a request with %s with a clear %i',
    async (_case, authorization, body, status) => {
      const header =
        authorization === 'valid' ? basic('demo@example.com', demoPassword) : authorization
      const response = await post(header, body)
      expect(response.status).toBe(status)
      const answer = (await response.json()) as { message?: unknown }
      expect(typeof answer.message).toBe('string')
    },
  )

  it('should refuse a body over the limit, declared or streamed, with 413', async () => {
    const huge = Buffer.alloc(maxSessionRequestBytes + 1024, 0x20)
    const headers = { Authorization: basic('demo@example.com', demoPassword) }
    const declared = await rawPost(
      `${api.url}/session`,
      { ...headers, 'Content-Length': String(huge.length) },
      [huge],
    )
    expect(declared.status).toBe(413)
    const streamed = await rawPost(
      `${api.url}/session`,
      { ...headers, 'Transfer-Encoding': 'chunked' },
      [huge.subarray(0, 40_000), huge.subarray(40_000)],
    )
    expect(streamed.status).toBe(413)
  })

  it('should answer other methods and paths without crashing, and keep serving', async () => {
    const get = await fetch(`${api.url}/session`)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toContain('POST')
    expect((await fetch(`${api.url}/users`)).status).toBe(404)
    expect((await fetch(api.url)).status).toBe(200)
    expect((await post(basic('demo@example.com', demoPassword))).status).toBe(200)
  })
})

describe('startPixwelServer', () => {
  it('should drop the connection for the network-error scenario', async () => {
    const api = await startPixwelServer({
      accounts: [{ username: 'ada@example.com', password: 'pw', scenario: 'network-error' }],
    })
    try {
      await expect(
        fetch(`${api.url}/session`, {
          method: 'POST',
          headers: { Authorization: basic('ada@example.com', 'pw') },
          body: '{}',
        }),
      ).rejects.toThrow()
    } finally {
      await api.close()
    }
  })

  it('should close while a slow answer is still pending', async () => {
    let arrived!: () => void
    const reached = new Promise<void>((resolve) => (arrived = resolve))
    const api = await startPixwelServer({
      accounts: [{ username: 'ada@example.com', password: 'pw', scenario: 'slow' }],
      verifyPassword: (password, account) => {
        arrived()
        return password === account.password
      },
      delayMs: 600_000,
    })
    const pending = fetch(`${api.url}/session`, {
      method: 'POST',
      headers: { Authorization: basic('ada@example.com', 'pw') },
      body: '{}',
    }).catch((error: unknown) => error)
    await reached
    await api.close()
    expect(await pending).toBeInstanceOf(Error)
  })
})

describe('hashAccountPasswords', () => {
  it('should keep only bcrypt hashes, and check passwords against them', async () => {
    const { accounts, verifyPassword } = await hashAccountPasswords(demoAccounts, { cost: 4 })
    expect(accounts.every((account) => account.password === undefined)).toBe(true)
    expect(await verifyPassword(demoPassword, accounts[0]!)).toBe(true)
    expect(await verifyPassword('pixwel-demo ', accounts[0]!)).toBe(false)
  })
})

describe('mockPortFromEnv', () => {
  it('should default to 4020 and read PIXWEL_MOCK_PORT', () => {
    expect(mockPortFromEnv({})).toBe(4020)
    expect(mockPortFromEnv({ PIXWEL_MOCK_PORT: '4321' })).toBe(4321)
  })

  it('should refuse what is not a port', () => {
    expect(() => mockPortFromEnv({ PIXWEL_MOCK_PORT: 'http' })).toThrow(/PIXWEL_MOCK_PORT/)
    expect(() => mockPortFromEnv({ PIXWEL_MOCK_PORT: '70000' })).toThrow(/PIXWEL_MOCK_PORT/)
  })
})
