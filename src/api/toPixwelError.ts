import { isAxiosError, isCancel } from 'axios'
import { isPixwelError, PixwelError, type PixwelCredential } from '../errors/PixwelError.js'
import { retryAfterMs } from './retryAfterMs.js'

/** What the mapping needs to know about the request that failed. */
export interface FailureContext {
  /** The request was `POST /session`: a 401 means wrong credentials, not an expired session. */
  session: boolean
  timeoutMs: number
  /** The credential the request carried, when it carried one. */
  credential?: PixwelCredential | undefined
}

const configurationCodes = new Set(['ERR_BAD_OPTION', 'ERR_BAD_OPTION_VALUE', 'ERR_INVALID_URL'])

/**
 * Turns anything a request can throw into a {@link PixwelError}. Axios errors are read, never
 * kept: they hold the request config, headers included.
 */
export function toPixwelError(error: unknown, context: FailureContext): PixwelError {
  if (isPixwelError(error)) return error
  if (isCancel(error)) return new PixwelError('aborted', 'The request was cancelled.')
  if (!isAxiosError(error)) {
    const name = error instanceof Error ? error.name : typeof error
    return new PixwelError('network', `The request to the Pixwel API failed (${name}).`)
  }
  const response = error.response
  if (response) return fromStatus(response.status, response.headers, context)
  const code = error.code ?? ''
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return new PixwelError(
      'timeout',
      `The Pixwel API did not answer within ${context.timeoutMs} ms.`,
    )
  }
  if (code === 'ERR_CANCELED') return new PixwelError('aborted', 'The request was cancelled.')
  if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(error.message)) {
    const limit = error.config?.maxContentLength
    return new PixwelError(
      'invalid-response',
      `The Pixwel API sent a response larger than ${
        typeof limit === 'number' && limit > 0 ? `${limit} bytes` : 'the library accepts'
      }.`,
    )
  }
  if (configurationCodes.has(code)) {
    return new PixwelError('configuration', `The request could not be built (${code}).`)
  }
  return new PixwelError('network', `Could not reach the Pixwel API (${code || 'no response'}).`)
}

function fromStatus(status: number, headers: unknown, context: FailureContext): PixwelError {
  const options = { status }
  if (status === 401) {
    // Worded for the credential used: a token is wrong, expired or revoked, not a password.
    const token = context.credential === 'token'
    const details = { status, credential: context.credential }
    return context.session
      ? new PixwelError(
          'invalid-credentials',
          token
            ? 'The access token is wrong, expired or revoked.'
            : 'The username or password is wrong.',
          details,
        )
      : new PixwelError(
          'unauthorized',
          token
            ? 'The access token expired or was revoked (HTTP 401).'
            : 'The session is no longer valid: sign in again (HTTP 401).',
          details,
        )
  }
  if (status === 403) {
    return new PixwelError('forbidden', 'This account may not do this (HTTP 403).', options)
  }
  if (status === 429) {
    const wait = retryAfterMs(headerValue(headers, 'retry-after'))
    return new PixwelError(
      'rate-limited',
      wait === undefined
        ? 'Too many requests (HTTP 429): wait before trying again.'
        : `Too many requests (HTTP 429): try again in ${Math.ceil(wait / 1000)} s.`,
      wait === undefined ? options : { status, retryAfterMs: wait },
    )
  }
  if (status >= 500 && status < 600) {
    return new PixwelError('server', `The Pixwel API failed (HTTP ${status}).`, options)
  }
  if (status >= 400 && status < 500) {
    return new PixwelError(
      'bad-request',
      `The Pixwel API refused the request (HTTP ${status}).`,
      options,
    )
  }
  return new PixwelError(
    'invalid-response',
    `The Pixwel API answered with an unexpected HTTP ${status}.`,
    options,
  )
}

function headerValue(headers: unknown, name: string): unknown {
  if (typeof headers !== 'object' || headers === null) return undefined
  const getter = (headers as { get?: unknown }).get
  if (typeof getter === 'function') {
    const value: unknown = getter.call(headers, name)
    if (value !== undefined) return value
  }
  return Object.hasOwn(headers, name) ? (headers as Record<string, unknown>)[name] : undefined
}
