import type { AxiosInstance, AxiosRequestConfig } from 'axios'
import { PixwelError } from '../errors/PixwelError.js'
import type { ContractDriftReport, ContractMode } from '../schemas/contractDrift.js'
import { readSession } from '../schemas/parseSession.js'
import type { Session } from '../schemas/sessionContract.js'
import type { SessionField } from '../schemas/sessionFields.js'
import { finalOrigin, fromAnotherOrigin, sessionRequestFlag } from './createHttp.js'

/**
 * Options of {@link PixwelClient.createSession}.
 *
 * @example
 * ```ts
 * const options: CreateSessionOptions<'name'> = { fields: ['name'], signal: controller.signal }
 * ```
 */
export interface CreateSessionOptions<F extends SessionField = SessionField> {
  /** Ask only for these fields (`?fields=`); `id` and the two-factor flags always come too. */
  fields?: readonly F[]
  /** Ends this call's wait with `aborted`; the request itself stops once no caller waits. */
  signal?: AbortSignal
}

/**
 * The largest `POST /session` body accepted, in bytes (8 MiB). A real session is a few
 * kilobytes; anything near this is refused as `invalid-response` instead of parsed.
 *
 * @example
 * ```ts
 * maxSessionResponseBytes // 8_388_608
 * ```
 */
export const maxSessionResponseBytes = 8 * 1024 * 1024

/**
 * `POST /session` with `authorization`, and the parsed session. Only a response of the API's
 * own `origin` counts: the credentials never reach another origin (they are stripped on a
 * redirect), so its answer proves nothing, and whoever answers a redirect must not decide who
 * is signed in. With `fields`, the session holds the defaults of the fields not asked for.
 */
export async function requestSession(
  http: AxiosInstance,
  api: {
    baseURL: string
    origin: string
    /** `refuseRedirectsOffOrigin(origin)`, made once per client. */
    beforeRedirect: (options: Record<string, unknown>) => void
  },
  request: {
    authorization: string
    fields: readonly SessionField[] | undefined
    signal: AbortSignal
    /** A sign-in (a 401: wrong credentials) or a refresh of held ones (a 401: `unauthorized`). */
    purpose: 'sign-in' | 'refresh'
    contract: ContractMode
    /** Told of any drift from the contract, before the session or the error. */
    onContractDrift: (report: ContractDriftReport) => void
  },
): Promise<Session> {
  const { authorization, fields, signal } = request
  const config: AxiosRequestConfig & Record<typeof sessionRequestFlag, 'sign-in' | 'refresh'> = {
    // The client's own root, even if an app changed `http.defaults.baseURL`.
    baseURL: api.baseURL,
    params: fields ? { fields: fields.join(',') } : undefined,
    headers: {
      Authorization: authorization,
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    signal,
    responseType: 'text',
    transformResponse: asText,
    maxContentLength: maxSessionResponseBytes,
    // The fetch adapter does not say where a redirect ended: refuse redirects there instead.
    fetchOptions: manualRedirects,
    beforeRedirect: api.beforeRedirect,
    [sessionRequestFlag]: request.purpose,
  }
  const response = await http.post<unknown>('/session', {}, config)
  if (finalOrigin(http, response, api.origin) !== api.origin) throw fromAnotherOrigin()
  const { session, error, report } = readSession(readJson(response.data), request.contract)
  if (report) request.onContractDrift(report)
  if (error) throw error
  return session
}

// Shared by every sign-in: axios copies a request's config, so these are never mutated.
const asText = [(data: unknown) => data]
const manualRedirects = { redirect: 'manual' } as const

function readJson(data: unknown): unknown {
  if (typeof data !== 'string') throw sent('a body that is not text')
  if (data.length > maxSessionResponseBytes) {
    throw sent(`a response larger than ${maxSessionResponseBytes} bytes`)
  }
  try {
    return JSON.parse(data.charCodeAt(0) === 0xfeff ? data.slice(1) : data)
  } catch {
    // Told apart only on failure: the usual body is not copied to be trimmed.
    throw sent(/^\s*$/.test(data) ? 'an empty body' : 'a body that is not JSON')
  }
}

function sent(what: string): PixwelError {
  return new PixwelError('invalid-response', `The Pixwel API sent ${what}.`)
}
