import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPixwelClient, isPixwelError, type PixwelErrorKind } from '../../src/index'
import {
  buildSessionResponse,
  createSessionHandler,
  readSessionRequest,
  sessionScenarios,
  type SessionScenario,
} from '../../src/testing/index'

const baseURL = 'https://api.pixwel.test/api'
const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const expected: Record<SessionScenario, PixwelErrorKind | 'ok'> = {
  success: 'ok',
  'two-factor-required': 'ok',
  slow: 'ok',
  'invalid-credentials': 'invalid-credentials',
  forbidden: 'forbidden',
  'rate-limited': 'rate-limited',
  'server-error': 'server',
  'network-error': 'network',
  malformed: 'invalid-response',
  // A strict client (the default) refuses it; a tolerant one signs in (test/api/contractDrift).
  drifted: 'invalid-response',
}

describe('createSessionHandler', () => {
  it.each(sessionScenarios)('plays %s as the client sees it', async (scenario) => {
    server.use(createSessionHandler({ baseURL, scenario, delayMs: 10 }))
    const client = createPixwelClient({ baseURL })
    const outcome = await client.createSession({ token: 'pat_test' }).then(
      (session) => ({ kind: 'ok' as const, session }),
      (error: unknown) => {
        if (!isPixwelError(error)) throw error
        return { kind: error.kind, session: null }
      },
    )
    expect(outcome.kind).toBe(expected[scenario])
    if (scenario === 'two-factor-required') expect(outcome.session?.twoFactor.required).toBe(true)
  })

  it('applies ?fields= like the proxy does', async () => {
    server.use(createSessionHandler({ baseURL, session: { name: 'Ada' } }))
    const response = await fetch(`${baseURL}/session?fields=_id,name`, {
      method: 'POST',
      headers: { Authorization: 'Bearer pat_x', 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(await response.json()).toEqual({ _id: buildSessionResponse()._id, name: 'Ada' })
  })
})

describe('readSessionRequest', () => {
  const url = `${baseURL}/session`
  const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`

  it.each([
    ['no Authorization header', {}, '{}', 401],
    ['an unknown scheme', { Authorization: 'Digest abc' }, '{}', 400],
    ['Basic that is not base64', { Authorization: 'Basic %%%' }, '{}', 400],
    ['Basic without a colon', { Authorization: basic('nocolon') }, '{}', 400],
    ['Basic that is not UTF-8', { Authorization: 'Basic /w==' }, '{}', 400],
    ['a missing body', { Authorization: basic('a:b') }, '', 400],
    ['a body that is not JSON', { Authorization: basic('a:b') }, '{nope', 400],
    ['a JSON array body', { Authorization: basic('a:b') }, '[]', 400],
    ['a huge body', { Authorization: basic('a:b') }, `{"x":"${'y'.repeat(100_000)}"}`, 413],
  ])('answers %s with a clear 4xx', async (_, headers, body, status) => {
    const read = await readSessionRequest(new Request(url, { method: 'POST', headers, body }))
    expect(read.ok).toBe(false)
    if (!read.ok && read.answer.type === 'response') expect(read.answer.status).toBe(status)
  })

  it('decodes UTF-8 Basic credentials back to the same strings', async () => {
    const read = await readSessionRequest(
      new Request(url, {
        method: 'POST',
        headers: { Authorization: basic('ユーザー:pä:ss✓') },
        body: '{}',
      }),
    )
    expect(read.ok && read.credentials).toEqual({ username: 'ユーザー', password: 'pä:ss✓' })
  })
})
