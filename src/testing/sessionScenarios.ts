import type { SessionResponse } from '../schemas/sessionContract.js'
import { buildSessionResponse } from './buildSessionResponse.js'

/**
 * Every way the fake Pixwel answers `POST /session`, shared by the MSW handlers, Storybook and
 * the embedded demo API; {@link SessionScenario} is made from this list.
 *
 * @example
 * ```ts
 * for (const scenario of sessionScenarios) server.use(createSessionHandler({ scenario }))
 * ```
 */
export const sessionScenarios = [
  'success',
  'two-factor-required',
  'invalid-credentials',
  'forbidden',
  'rate-limited',
  'server-error',
  'network-error',
  'malformed',
  'drifted',
  'slow',
] as const

/**
 * One of the {@link sessionScenarios}.
 */
export type SessionScenario = (typeof sessionScenarios)[number]

/**
 * How a scenario is played: the session to send and the timings.
 */
export interface ScenarioOptions {
  /** Top-level overrides of the session body ({@link buildSessionResponse}). */
  session?: Partial<SessionResponse>
  /** `Retry-After` of `rate-limited`, in seconds (default 30). */
  retryAfterSeconds?: number
  /** How long `slow` waits before answering, in ms (default 3000). */
  delayMs?: number
}

/**
 * What a scenario answers, independent of any server library: a status, headers and a body
 * (already serialised), or `network-error` for a dropped connection.
 *
 * @example
 * ```ts
 * const answer = sessionScenarioAnswer('forbidden') // { status: 403, … }
 * ```
 */
export type ScenarioAnswer =
  | {
      type: 'response'
      status: number
      headers: Record<string, string>
      body: string
      delayMs: number
    }
  | { type: 'network-error' }

const json = { 'Content-Type': 'application/json' }

/**
 * The body every rejected sign-in gets, unknown user and wrong password alike, so that an
 * outsider cannot tell which.
 *
 * @example
 * ```ts
 * expect(await response.json()).toEqual(invalidCredentialsBody)
 * ```
 */
export const invalidCredentialsBody = { error: 'Unauthorized', message: 'Invalid credentials' }

/**
 * Plays a scenario. `fields` applies the proxy's `?fields=` selection to the session body.
 *
 * @example
 * ```ts
 * const answer = sessionScenarioAnswer('success', { session: { name: 'Ada' } }, ['name'])
 * ```
 */
export function sessionScenarioAnswer(
  scenario: SessionScenario,
  options: ScenarioOptions = {},
  fields?: readonly string[],
): ScenarioAnswer {
  const ok = (session: SessionResponse, delayMs = 0): ScenarioAnswer => ({
    type: 'response',
    status: 200,
    headers: json,
    body: JSON.stringify(selectFields(session, fields)),
    delayMs,
  })
  switch (scenario) {
    case 'success':
      return ok(buildSessionResponse(options.session))
    case 'two-factor-required':
      return ok(
        buildSessionResponse({
          hasEnforced2fa: true,
          twofactorVerified: false,
          ...options.session,
        }),
      )
    case 'slow':
      return ok(buildSessionResponse(options.session), options.delayMs ?? 3000)
    case 'invalid-credentials':
      return error(401, invalidCredentialsBody, { 'WWW-Authenticate': 'Basic realm="Pixwel"' })
    case 'forbidden':
      return error(403, { error: 'Forbidden', message: 'This account is not allowed to sign in' })
    case 'rate-limited':
      return error(
        429,
        { error: 'Too Many Requests', message: 'Too many sign-in attempts' },
        { 'Retry-After': String(options.retryAfterSeconds ?? 30) },
      )
    case 'server-error':
      return {
        type: 'response',
        status: 502,
        headers: { 'Content-Type': 'text/html' },
        body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
        delayMs: 0,
      }
    case 'malformed':
      return {
        type: 'response',
        status: 200,
        headers: json,
        body: JSON.stringify({
          ...buildSessionResponse(options.session),
          _id: 42,
          groups: 'PIXWEL',
          preferences: { mail: { enabled: 'yes' } },
        }),
        delayMs: 0,
      }
    case 'drifted': {
      // What a newer API version or the proxy middleware may send: a field the contract does
      // not know, and a cosmetic one retyped (a dashboard widget's `x` as a string). Strict
      // clients fail with invalid-response; tolerant ones sign in, with `x` at its default.
      const body = buildSessionResponse(options.session)
      return {
        type: 'response',
        status: 200,
        headers: json,
        body: JSON.stringify({
          ...body,
          lastSeenRegion: 'eu-west-1',
          preferences: {
            ...body.preferences,
            reports: {
              workRequests: { dashboard: [{ i: 'renders', x: '3', y: 0, w: 6, h: 2 }] },
            },
          },
        }),
        delayMs: 0,
      }
    }
    case 'network-error':
      return { type: 'network-error' }
  }
}

function error(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ScenarioAnswer {
  return {
    type: 'response',
    status,
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
    delayMs: 0,
  }
}

function selectFields(session: SessionResponse, fields: readonly string[] | undefined) {
  if (!fields || fields.length === 0) return session
  const selected: Record<string, unknown> = {}
  for (const field of fields) {
    if (field in session) selected[field] = session[field as keyof SessionResponse]
  }
  return selected
}
