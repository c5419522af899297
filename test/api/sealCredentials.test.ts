// Sealing credentials into the Authorization header, seen on the wire of a loopback server.
import { describe, expect, it } from 'vitest'
import { createPixwelClient } from '../../src/index'
import { failure } from '../support/expectFailure'
import { decodeBasic, startSessionServer } from '../support/loopbackServer'

const token = 'pat_SENTINELTOKEN0123456789abcdef'

const api = await startSessionServer()

describe('sealCredentials, through client.createSession', () => {
  it.each([
    ['a non-Latin-1 username and password', 'ユーザー@example.com', 'pässwörd✓'],
    ['emoji and astral characters', 'ada😀@example.com', '𝔭𝔞𝔰𝔰 🔑'],
    ['a colon in the password', 'ada@example.com', 'a:b:c'],
    ['an empty password', 'ada@example.com', ''],
  ])('encodes %s as UTF-8 (RFC 7617)', async (_, user, pass) => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ username: user, password: pass })
    expect(decodeBasic(api.requests[0]!.headers.authorization)).toBe(`${user}:${pass}`)
  })

  it('sends a personal access token as Bearer', async () => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    await client.createSession({ token })
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${token}`)
  })

  it.each([
    ['a colon in the username', { username: 'a:b', password: 'x' }],
    ['an empty token', { token: '' }],
    ['a token with a line break', { token: 'pat_x\r\nX-Evil: 1' }],
  ])('refuses %s as invalid-credentials without a request', async (_, credentials) => {
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession(credentials))
    expect(error.kind).toBe('invalid-credentials')
    expect(api.requests).toHaveLength(0)
  })
})
