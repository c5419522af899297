/**
 * Contract drift as a client reports it: `onContractDrift` and the `contract-drift` event, in
 * strict and tolerant mode, on sign-in, refresh and restore.
 */
import { describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  type ContractDriftReport,
  type PixwelClientEvent,
  type PixwelClientOptions,
} from '../../src/index'
import { buildSessionResponse } from '../../src/testing/index'
import { stubAdapter } from '../adversarial/support/stubAdapter'
import { failure } from '../support/expectFailure'

const baseURL = 'https://api.pixwel.test/api'
const token = 'pat_drift_test_synthetic_0001'

/** A session body with an unknown field and a retyped cosmetic one. */
function driftedBody(extra: Record<string, unknown> = {}): string {
  const body = buildSessionResponse({ name: 'Drew Drift' }) as Record<string, unknown>
  const preferences = body.preferences as { mail: Record<string, unknown> }
  preferences.mail.enabled = 'yes'
  return JSON.stringify({ ...body, loginRegion: 'eu-west', ...extra })
}

function clientAnswering(body: () => string, options: PixwelClientOptions = {}) {
  const events: string[] = []
  const reports: ContractDriftReport[] = []
  const client = createPixwelClient({
    baseURL,
    adapter: stubAdapter(() => ({ status: 200, body: body() })).adapter,
    onContractDrift: (report) => {
      events.push('onContractDrift')
      reports.push(report)
    },
    ...options,
  })
  client.subscribe((event: PixwelClientEvent) => events.push(event.type))
  return { client, events, reports }
}

describe('contract drift, as the client reports it', () => {
  it('strict (the default): reports the drift first, then fails with invalid-response', async () => {
    const { client, events, reports } = clientAnswering(() => driftedBody())
    const error = await failure(client.createSession({ token }))
    expect(error.kind).toBe('invalid-response')
    expect(events).toEqual(['onContractDrift', 'contract-drift'])
    expect(reports[0]).toMatchObject({
      endpoint: 'POST /session',
      mode: 'strict',
      accepted: false,
      drift: [
        { path: ['preferences', 'mail', 'enabled'], kind: 'wrong-type' },
        { path: ['loginRegion'], kind: 'unknown-field' },
      ],
    })
    expect(client.getSession().status).toBe('signed-out')
  })

  it('tolerant: signs in with the documented default, after the report', async () => {
    const { client, events, reports } = clientAnswering(() => driftedBody(), {
      contract: 'tolerant',
    })
    const session = await client.createSession({ token })
    expect(session.preferences.mail.enabled).toBe(true)
    expect(session).not.toHaveProperty('loginRegion')
    expect(events).toEqual(['onContractDrift', 'contract-drift', 'signed-in'])
    expect(reports[0]).toMatchObject({ mode: 'tolerant', accepted: true })
  })

  it('tolerant still fails on an essential field', async () => {
    const { client, reports } = clientAnswering(() => driftedBody({ hasEnforced2fa: 'no' }), {
      contract: 'tolerant',
    })
    expect((await failure(client.createSession({ token }))).kind).toBe('invalid-response')
    expect(reports[0]?.drift).toContainEqual({ path: ['hasEnforced2fa'], kind: 'wrong-type' })
    expect(reports[0]?.accepted).toBe(false)
  })

  it('reports the drift of refreshes too, and says nothing of an answer that matches', async () => {
    let body = JSON.stringify(buildSessionResponse({ name: 'Drew Drift' }))
    const { client, events } = clientAnswering(() => body, { contract: 'tolerant' })
    await client.createSession({ token })
    expect(events).toEqual(['signed-in'])

    body = driftedBody()
    await client.refreshSession()
    // Reported before the refreshed session is taken (an `updated` follows if it changed).
    expect(events.slice(0, 3)).toEqual(['signed-in', 'onContractDrift', 'contract-drift'])
  })

  it('keeps signing in when the app callback throws, and reports its error', async () => {
    const reportError = vi.fn()
    vi.stubGlobal('reportError', reportError)
    try {
      const client = createPixwelClient({
        baseURL,
        contract: 'tolerant',
        adapter: stubAdapter(() => ({ status: 200, body: driftedBody() })).adapter,
        onContractDrift: () => {
          throw new Error('the telemetry is down')
        },
      })
      await expect(client.createSession({ token })).resolves.toMatchObject({ name: 'Drew Drift' })
      expect(reportError).toHaveBeenCalledTimes(1)
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('refuses a contract mode or a callback it does not know, as a configuration error', () => {
    for (const options of [{ contract: 'lenient' }, { contract: true }, { onContractDrift: 1 }]) {
      expect(() => createPixwelClient({ baseURL, ...(options as object) })).toThrow(
        expect.objectContaining({ kind: 'configuration' }) as Error,
      )
    }
  })

  it('holds a session nobody can change under its snapshot: deeply frozen', async () => {
    const body = () =>
      JSON.stringify(buildSessionResponse({ hasEnforced2fa: true, roles: ['viewer'] }))
    const { client } = clientAnswering(body)
    const session = await client.createSession({ token })
    expect(() => {
      ;(session.twoFactor as { required: boolean }).required = false
    }).toThrow(TypeError)
    expect(() => session.roles.push('admin')).toThrow(TypeError)
    expect(client.getSession()).toMatchObject({
      status: 'two-factor-required',
      session: { roles: ['viewer'], twoFactor: { required: true } },
    })
  })
})
