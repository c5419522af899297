import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPixwelClient, isPixwelError, type PixwelErrorKind } from '../../src/index'
import {
  buildSessionResponse,
  createSessionHandler,
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
