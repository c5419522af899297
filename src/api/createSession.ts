import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios'
import { PixwelError } from '../errors/PixwelError.js'
import { parseSession } from '../schemas/parseSession.js'
import type { Session } from '../schemas/session.js'
import {
  requiredSessionFields,
  sessionFields,
  type SessionField,
  type SessionWithFields,
} from '../schemas/sessionFields.js'
import { sealCredentials, unseal, type Credentials, type SealedCredentials } from './credentials.js'
import { isAbortSignal, readOwn } from './readOwn.js'
import { toPixwelError } from './toPixwelError.js'

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

/** Marks the one request whose 401 means wrong credentials, and whose header we set. */
export const sessionRequestFlag = 'pixwelSessionRequest'

/** What `createSession` needs from the client that owns the credentials. */
export interface SessionContext {
  http: AxiosInstance
  baseURL: string
  /** The API's origin: the only one a session is accepted from. */
  origin: string
  /** The origin the response really came from, after redirects. */
  responseOrigin(response: AxiosResponse): string | null
  /** How many sign-outs there have been: one during the `signed-in` event cancels the sign-in. */
  signOuts(): number
  timeoutMs: number
  /** Starts an attempt; `current()` turns false once a sign-out happened after it began. */
  begin(signal: AbortSignal | undefined): {
    signal: AbortSignal
    current(): boolean
    end(): void
  }
  signedIn(authorization: string): void
}

/** `POST /session`: signs in and returns the parsed session. See {@link PixwelClient}. */
export async function createSession(
  context: SessionContext,
  credentials: Credentials | SealedCredentials,
  options?: CreateSessionOptions,
): Promise<Session | SessionWithFields<SessionField>> {
  const read = readOwn(options === undefined ? {} : options, ['fields', 'signal'], badOptions)
  const fields = read.fields === undefined ? undefined : checkFields(read.fields)
  if (read.signal !== undefined && !isAbortSignal(read.signal)) {
    throw new PixwelError('configuration', '`signal` must be an AbortSignal.')
  }
  const authorization = unseal(sealCredentials(credentials))
  const attempt = context.begin(read.signal)
  try {
    const config: AxiosRequestConfig & Record<typeof sessionRequestFlag, true> = {
      baseURL: context.baseURL,
      params: fields ? { fields: fields.join(',') } : undefined,
      headers: {
        Authorization: authorization,
        Accept: 'application/json',
        'Content-Type': 'application/json',
      },
      signal: attempt.signal,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      maxContentLength: maxSessionResponseBytes,
      // The fetch adapter does not say where a redirect ended: refuse redirects there instead.
      fetchOptions: { redirect: 'manual' },
      [sessionRequestFlag]: true,
    }
    const response = await context.http.post<unknown>('/session', {}, config)
    // The credentials never reach another origin (they are stripped on the way), so its answer
    // proves nothing: whoever answers a redirect must not decide who is signed in.
    if (context.responseOrigin(response) !== context.origin) {
      throw new PixwelError(
        'invalid-response',
        'The session came from another origin than the Pixwel API (after a redirect).',
      )
    }
    const session = fields
      ? parseSession(readJson(response.data), { fields })
      : parseSession(readJson(response.data))
    if (!attempt.current()) {
      throw new PixwelError('aborted', 'The sign-in was cancelled by a sign-out.')
    }
    context.signedIn(authorization)
    // A `signed-in` listener may have signed out already: then this sign-in did not happen.
    if (!attempt.current()) {
      throw new PixwelError('aborted', 'The sign-in was cancelled by a sign-out.')
    }
    return session
  } catch (error) {
    throw toPixwelError(error, { session: true, timeoutMs: context.timeoutMs })
  } finally {
    attempt.end()
  }
}

function badOptions(): PixwelError {
  return new PixwelError(
    'configuration',
    'createSession takes an options object (or nothing), with readable properties.',
  )
}

function checkFields(fields: unknown): SessionField[] {
  let items: unknown[]
  try {
    // A copy taken once: a proxy or a getter cannot answer differently after the check.
    items = Array.isArray(fields) ? Array.from(fields as unknown[]) : []
    if (!Array.isArray(fields) || items.length > sessionFields.length * 4) throw new Error()
  } catch {
    throw new PixwelError(
      'configuration',
      '`fields` must be an array of session field names (at most each name a few times).',
    )
  }
  const checked = new Set<SessionField>(requiredSessionFields)
  for (const [index, field] of items.entries()) {
    if (!isSessionField(field)) {
      // The value is not echoed: a careless caller may have put anything there.
      throw new PixwelError(
        'configuration',
        `\`fields[${index}]\` is not a session field name (see \`sessionFields\`).`,
      )
    }
    checked.add(field)
  }
  return [...checked]
}

function isSessionField(value: unknown): value is SessionField {
  return typeof value === 'string' && (sessionFields as readonly string[]).includes(value)
}

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
