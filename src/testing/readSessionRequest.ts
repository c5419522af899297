import type { ScenarioAnswer } from './sessionScenarios.js'
import { invalidCredentialsBody } from './sessionScenarios.js'

/**
 * What a fake Pixwel reads off a `POST /session` request.
 *
 * @example
 * ```ts
 * const read = await readSessionRequest(request)
 * if (read.ok && 'username' in read.credentials) console.log(read.credentials.username)
 * ```
 */
export type SessionRequest =
  | {
      ok: true
      credentials: { username: string; password: string } | { token: string }
      fields: string[] | undefined
    }
  | { ok: false; answer: ScenarioAnswer }

/**
 * Largest request body the fake Pixwel accepts, in bytes (64 KiB); larger gets 413.
 *
 * @example
 * ```ts
 * const tooBig = 'x'.repeat(maxSessionRequestBytes + 1)
 * ```
 */
export const maxSessionRequestBytes = 64 * 1024

const decoder = new TextDecoder('utf-8', { fatal: true })

/**
 * Checks a `POST /session` request the way the API does: an `Authorization` header (Basic,
 * UTF-8, or Bearer), and a JSON object body. Anything else is a clear 400 or 401.
 *
 * @example
 * ```ts
 * const read = await readSessionRequest(new Request(url, init))
 * ```
 */
export async function readSessionRequest(request: Request): Promise<SessionRequest> {
  const header = request.headers.get('authorization')
  if (!header) return { ok: false, answer: unauthorized() }
  const credentials = parseAuthorization(header)
  if (!credentials) return badRequest('Malformed Authorization header')
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > maxSessionRequestBytes) return badRequest('Request body too large', 413)
  const text = await request.text()
  if (text.length > maxSessionRequestBytes) return badRequest('Request body too large', 413)
  if (text.trim() === '') return badRequest('Missing JSON body')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return badRequest('Body is not JSON')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return badRequest('Body must be a JSON object')
  }
  const fieldsParam = new URL(request.url).searchParams.get('fields')
  const fields = fieldsParam ? fieldsParam.split(',').filter(Boolean) : undefined
  return { ok: true, credentials, fields }
}

function parseAuthorization(
  header: string,
): { username: string; password: string } | { token: string } | null {
  const match = /^(Basic|Bearer) +(\S+)$/i.exec(header.trim())
  if (!match) return null
  const [, scheme = '', value = ''] = match
  if (scheme.toLowerCase() === 'bearer') return { token: value }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return null
  let decoded: string
  try {
    const binary = atob(value)
    decoded = decoder.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))
  } catch {
    return null
  }
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

function unauthorized(): ScenarioAnswer {
  return {
    type: 'response',
    status: 401,
    headers: { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="Pixwel"' },
    body: JSON.stringify(invalidCredentialsBody),
    delayMs: 0,
  }
}

function badRequest(message: string, status = 400): SessionRequest {
  return {
    ok: false,
    answer: {
      type: 'response',
      status,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ error: 'Bad Request', message }),
      delayMs: 0,
    },
  }
}
