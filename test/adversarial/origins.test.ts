import type { ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPixwelClient } from '../../src/index'
import { buildSessionResponse } from '../../src/testing/index'
import { sendJson, startLoopbackServer, type RecordedRequest } from '../support/loopbackServer'
import { startEmbeddedApi } from './support/embeddedApi'
import {
  findSecrets,
  sentinelBasic,
  sentinelPassword,
  sentinelToken,
  sentinelUser,
} from './support/sentinels'

let api: Awaited<ReturnType<typeof startEmbeddedApi>>
let elsewhere: Awaited<ReturnType<typeof startLoopbackServer>>

beforeAll(async () => {
  api = await startEmbeddedApi([
    { username: sentinelUser, password: sentinelPassword },
    { token: sentinelToken },
  ])
  elsewhere = await startLoopbackServer((_, res) => {
    sendJson(res, 200, { ok: true })
  })
})
beforeEach(() => {
  elsewhere.requests.length = 0
})
afterAll(async () => {
  await api.close()
  await elsewhere.close()
})

/**
 * What another origin must never get: our credentials in any header (an `Authorization` the URL's
 * own userinfo makes is not ours), an XSRF header, a secret anywhere in the URL or body.
 */
function leaksTo(requests: RecordedRequest[]): string[] {
  return requests.flatMap((request) => [
    ...(request.headers['x-xsrf-token'] === undefined ? [] : [`${request.url}: X-XSRF-TOKEN`]),
    ...findSecrets(
      `${decodeURIComponent(request.url)}\n${JSON.stringify(request.headers)}\n${request.body}`,
    ).map((secret) => `${request.url}: ${secret}`),
  ])
}

const signIns = [
  ['a password', { username: sentinelUser, password: sentinelPassword }],
  ['a token', { token: sentinelToken }],
] as const

describe.each(signIns)('credentials of %s', (_, credentials) => {
  it('are sent to the API origin after sign-in (the checks below can see them)', async () => {
    const recorder = await startLoopbackServer((request, res) => {
      if (request.url.startsWith('/api/session')) sendJson(res, 200, buildSessionResponse())
      else sendJson(res, 200, {})
    })
    const client = createPixwelClient({ baseURL: recorder.baseURL })
    await client.createSession(credentials)
    await client.http.get('/projects')
    await recorder.close()
    expect(recorder.requests.map((request) => request.headers.authorization)).toEqual([
      'username' in credentials ? `Basic ${sentinelBasic}` : `Bearer ${sentinelToken}`,
      'username' in credentials ? `Basic ${sentinelBasic}` : `Bearer ${sentinelToken}`,
    ])
  })

  it('never go to another origin: absolute, protocol-relative, userinfo trick, per-request or changed baseURL', async () => {
    const client = createPixwelClient({ baseURL: api.url })
    await client.createSession(credentials)
    expect(client.isSignedIn()).toBe(true)
    const other = new URL(elsewhere.origin)
    const apiPort = new URL(api.url).port

    const attempts: [string, () => Promise<unknown>][] = [
      ['absolute', () => client.http.get(`${elsewhere.origin}/absolute`)],
      ['absolute POST', () => client.http.post(`${elsewhere.origin}/absolute-post`, { a: 1 })],
      ['protocol-relative', () => client.http.get(`//${other.host}/protocol-relative`)],
      ['userinfo', () => client.http.get(`http://127.0.0.1:${apiPort}@${other.host}/userinfo`)],
      [
        'per-request baseURL',
        () => client.http.get('/per-request', { baseURL: elsewhere.baseURL }),
      ],
      [
        'Authorization copied by hand',
        () =>
          client.http.get(`${elsewhere.origin}/copied`, {
            headers: {
              Authorization:
                'username' in credentials ? `Basic ${sentinelBasic}` : `Bearer ${sentinelToken}`,
            },
          }),
      ],
      [
        'changed baseURL',
        () => {
          client.http.defaults.baseURL = elsewhere.baseURL
          return client.http.get('/changed-base')
        },
      ],
      // Even the session request of a client whose instance was repointed stays on the API.
      ['sign-in after the change', () => client.createSession(credentials)],
    ]
    for (const [, attempt] of attempts) await attempt().catch(() => undefined)

    // The attempts did reach the other origin (protocol-relative is refused in Node).
    expect(elsewhere.requests.map((request) => request.url)).toEqual(
      expect.arrayContaining([
        '/absolute',
        '/absolute-post',
        '/userinfo',
        '/api/per-request',
        '/copied',
        '/api/changed-base',
      ]),
    )
    expect(leaksTo(elsewhere.requests)).toEqual([])
    expect(api.lines.at(-1)).toMatch(/^POST \/api\/session → 200/)
  })
})

describe('a 30x redirect of the API to another origin (Node adapter)', () => {
  type Target = { label: string; apiHost: string; targetHost: string }
  // follow-redirects drops Authorization on a change of host by itself, but not for a
  // subdomain (`evil.localhost` under `localhost`); axios 1.21 drops it on any change of
  // origin. The library drops it too (older axios in the peer range does not), and the
  // X-XSRF-TOKEN header, which neither of them drops.
  const targets: Target[] = [
    { label: 'another port', apiHost: '127.0.0.1', targetHost: 'elsewhere' },
    { label: 'a subdomain of the API host', apiHost: 'localhost', targetHost: 'evil.localhost' },
  ]
  const statuses = [301, 302, 303, 307, 308]

  it.each(targets)('drops the credentials when the target is $label', async (target) => {
    const landed: RecordedRequest[] = []
    const redirector = await startLoopbackServer((request, res: ServerResponse) => {
      const host = request.headers.host ?? ''
      if (host.startsWith('evil.')) {
        landed.push(request)
        sendJson(res, 200, buildSessionResponse())
        return
      }
      const status = Number(/status=(\d+)/.exec(request.url)?.[1] ?? 307)
      const location =
        target.targetHost === 'elsewhere'
          ? `${elsewhere.origin}/landed${request.url}`
          : `http://evil.${host}/landed${request.url}`
      res.writeHead(status, { Location: location }).end()
    })
    const port = new URL(redirector.origin).port
    const client = createPixwelClient({ baseURL: `http://${target.apiHost}:${port}/api` })
    // `*.localhost` does not resolve here: point every name at the loopback server.
    client.http.defaults.lookup = (_hostname, _options, callback) => {
      callback(null, '127.0.0.1', 4)
    }
    try {
      for (const status of statuses) {
        await client
          .createSession(
            { username: sentinelUser, password: sentinelPassword },
            {
              fields: ['name'],
              signal: AbortSignal.timeout(5000),
            },
          )
          .catch(() => undefined)
        await client.http.get(`/projects?status=${status}`).catch(() => undefined)
        await client.http.post(`/projects?status=${status}`, { a: 1 }).catch(() => undefined)
        // An app's own XSRF header: axios and follow-redirects drop only Authorization and
        // Cookie on a redirect, the library drops this one too.
        await client.http
          .get(`/projects?status=${status}`, { headers: { 'X-XSRF-TOKEN': 'app-xsrf' } })
          .catch(() => undefined)
      }
    } finally {
      await redirector.close()
    }
    const followed = target.targetHost === 'elsewhere' ? elsewhere.requests : landed
    // Every redirect was followed to the other origin…
    expect(followed.length).toBeGreaterThanOrEqual(statuses.length * 3)
    // …and none carried the credentials there.
    expect(leaksTo(followed)).toEqual([])
  })
})
