import axios, {
  AxiosHeaders,
  type AxiosAdapter,
  type AxiosError,
  type AxiosInstance,
  type AxiosResponse,
  type InternalAxiosRequestConfig,
} from 'axios'
import { PixwelError } from '../errors/PixwelError.js'
import { isAbortSignal } from '../errors/readOwn.js'
import { responseOrigin } from './responseOrigin.js'
import { toPixwelError } from './toPixwelError.js'

/** What the transport needs from the client that owns the session. */
export interface HttpOptions {
  baseURL: string
  origin: string
  timeoutMs: number
  /** The adapter chosen by the app, already resolved; `undefined` for the platform's. */
  adapter: AxiosAdapter | undefined
  /** The `Authorization` value of the current session, or `null`. */
  authorization(): string | null
  /** A request that carried `used` got a 401 from the API: those credentials are stale. */
  rejected(used: string, failure: PixwelError): void
  /** Why no request may be sent any more (a disposed client), or `null`. */
  refused(): PixwelError | null
}

/**
 * Marks `POST /session`, whose header is set by hand: `'sign-in'` (a 401 means wrong
 * credentials) or `'refresh'` (a 401 means the held credentials no longer work).
 */
export const sessionRequestFlag = 'pixwelSessionRequest'

/**
 * The client's axios instance: its interceptors attach the session's credentials to the API's
 * own origin only, bound each exchange by one deadline, and turn every failure into a
 * {@link PixwelError}, mapped here and nowhere else.
 */
export function createHttp(options: HttpOptions): AxiosInstance {
  const { baseURL, origin, timeoutMs } = options
  const http = axios.create({
    baseURL,
    timeout: timeoutMs,
    headers: { Accept: 'application/json' },
    withCredentials: false,
    withXSRFToken: false,
    transitional: { clarifyTimeoutError: true },
    beforeRedirect: stripCredentialsOffOrigin(origin),
    adapter: withDeadline(options.adapter, () => options.refused()),
  })

  http.interceptors.request.use(
    function attachCredentials(config) {
      startDeadline(config, timeoutMs)
      // The usual request, a path under the client's own root, needs no URL parsing.
      const sameOrigin =
        (config.baseURL === baseURL && ownPath.test(config.url ?? '')) ||
        targetOrigin(http, config) === origin
      const authorization = options.authorization()
      if (!sameOrigin) {
        config.withXSRFToken = false
        const header = config.headers.get('Authorization')
        if (isSessionRequest(config) || (header && header === authorization)) {
          config.headers.delete('Authorization')
        }
        return config
      }
      if (authorization !== null && !config.headers.has('Authorization')) {
        config.headers.set('Authorization', authorization)
      }
      return config
    },
    undefined,
    // Synchronous: axios then skips a promise hop per request.
    { synchronous: true },
  )

  http.interceptors.response.use(
    function endDeadline(response) {
      deadlines.get(response.config)?.end()
      // Apps cache whole responses (`queryFn: () => http.get(…)`): the config they keep must not
      // hold the credentials. A retry of this config gets them again from the interceptor.
      const sent = response.config.headers.get('Authorization')
      if (isSessionRequest(response.config) || sent === options.authorization()) {
        response.config.headers.delete('Authorization')
      }
      return response
    },
    function rejectAsPixwelError(error: unknown) {
      const config = (error as Partial<AxiosError>).config
      const deadline = config ? deadlines.get(config) : undefined
      deadline?.end()
      const response = (error as Partial<AxiosError>).response
      // Only the API's own origin speaks for the API: after a redirect elsewhere, a 401 must
      // not sign the user out, nor a stranger's 401 or 429 pass for the API's verdict.
      const foreign = response !== undefined && finalOrigin(http, response, origin) !== origin
      const header = config?.headers && AxiosHeaders.from(config.headers).get('Authorization')
      const used = typeof header === 'string' ? header : ''
      const cause = pixwelCause(error)
      const failure = deadline?.expired
        ? timeoutError(deadline.ms)
        : cause?.kind === 'configuration'
          ? cause
          : (cause ?? foreign)
            ? fromAnotherOrigin()
            : toPixwelError(error, {
                session: sessionPurpose(config) === 'sign-in',
                timeoutMs,
                // The credential the request carried, so that a 401 names the right one.
                credential: /^Bearer /.test(used)
                  ? 'token'
                  : /^Basic /.test(used)
                    ? 'password'
                    : undefined,
              })
      if (failure.kind === 'unauthorized' && used) options.rejected(used, failure)
      return Promise.reject(failure)
    },
  )
  return http
}

/** The origin a response really came from, after redirects. */
export function finalOrigin(
  http: AxiosInstance,
  response: AxiosResponse,
  apiOrigin: string,
): string | null {
  return responseOrigin(response.request, apiOrigin) ?? targetOrigin(http, response.config)
}

/**
 * The `beforeRedirect` of `POST /session` (Node's adapter): a hop off the API's origin ends
 * the sign-in there, as `invalid-response`. Stripping the credentials is not enough for a
 * sign-in: a chain that comes back to the API would end on an answer to no credentials.
 */
export function refuseRedirectsOffOrigin(origin: string) {
  return function beforeRedirect(options: Record<string, unknown>): void {
    if (nextOrigin(options) !== origin) throw fromAnotherOrigin()
  }
}

/** The origin a redirect goes to, from follow-redirects' options; `null` if unreadable. */
function nextOrigin(options: Record<string, unknown>): string | null {
  try {
    return new URL(String(options.href)).origin
  } catch {
    return null
  }
}

/** A PixwelError thrown inside the adapter (a refused redirect), under axios's wrapping. */
function pixwelCause(error: unknown): PixwelError | undefined {
  let cause: unknown = error
  for (let depth = 0; depth < 4 && typeof cause === 'object' && cause !== null; depth++) {
    if (cause instanceof PixwelError) return cause
    cause = (cause as { cause?: unknown }).cause
  }
  return undefined
}

export function fromAnotherOrigin(): PixwelError {
  return new PixwelError(
    'invalid-response',
    'The answer came from another origin than the Pixwel API (after a redirect).',
  )
}

/** `/path`: joined to the root by axios, so it stays on the root's origin (not `//host`). */
const ownPath = /^\/(?![/\\])/

function sessionPurpose(config: unknown): unknown {
  return (config as Record<string, unknown> | undefined)?.[sessionRequestFlag]
}

function isSessionRequest(config: unknown): boolean {
  return sessionPurpose(config) !== undefined
}

/** The origin a request will really go to, as the adapters resolve it; `null` if unknowable. */
function targetOrigin(http: AxiosInstance, config: InternalAxiosRequestConfig): string | null {
  try {
    const full = http.getUri({ ...config, params: undefined })
    const base = typeof location === 'undefined' ? undefined : location.href
    return new URL(full, base).origin
  } catch {
    return null
  }
}

function stripCredentialsOffOrigin(origin: string) {
  return function beforeRedirect(options: Record<string, unknown>): void {
    if (nextOrigin(options) === origin) return
    const headers = options.headers
    if (typeof headers === 'object' && headers !== null) {
      for (const name of Object.keys(headers)) {
        if (/^(authorization|cookie|x-xsrf-token)$/i.test(name))
          Reflect.deleteProperty(headers, name)
      }
    }
    Reflect.deleteProperty(options, 'auth')
  }
}

/** The longest delay a timer holds (2^31 - 1 ms, about 24.8 days); past it, timers fire at once. */
export const maxTimeoutMs = 2 ** 31 - 1

interface Deadline {
  readonly ms: number
  expired: boolean
  /** Set by the adapter wrapper: ends the exchange even if the adapter ignores the abort. */
  expire?: (reason: unknown) => void
  end(): void
}

/**
 * The adapter, raced against the request's deadline: an adapter that ignores the abort signal
 * (a custom one, a stuck native stream) still ends in `timeout` at the deadline.
 */
function withDeadline(
  chosen: AxiosAdapter | undefined,
  refused: () => PixwelError | null,
): AxiosAdapter {
  return (config) => {
    // Checked here, not in an interceptor: axios sends a request whose synchronous request
    // interceptor threw.
    const refusal = refused()
    if (refusal) {
      deadlines.get(config)?.end()
      return Promise.reject(refusal)
    }
    const adapter = chosen ?? axios.getAdapter(axios.defaults.adapter, config)
    const deadline = deadlines.get(config)
    if (!deadline) return adapter(config)
    const expiry = new Promise<never>((_, reject) => {
      deadline.expire = reject
    })
    return Promise.race([adapter(config), expiry])
  }
}

const deadlines = new WeakMap<object, Deadline>()

/**
 * Bounds the whole exchange, from the request to the last byte of the body. axios's own
 * `timeout` is a socket idle timer in Node: a body that drips a byte at a time resets it for
 * ever. The request's `timeout` (the client's `timeoutMs` unless a call sets its own) becomes
 * one deadline that aborts the request, and its expiry is always a `timeout`.
 */
function startDeadline(config: InternalAxiosRequestConfig, fallbackMs: number): void {
  const requested = config.timeout
  const ms =
    typeof requested === 'number' && requested > 0 && requested <= maxTimeoutMs
      ? requested
      : fallbackMs
  config.timeout = 0
  const controller = new AbortController()
  const outer = isAbortSignal(config.signal) ? config.signal : undefined
  const forward = () => {
    controller.abort()
  }
  const deadline: Deadline = {
    ms,
    expired: false,
    end() {
      clearTimeout(timer)
      try {
        outer?.removeEventListener('abort', forward)
      } catch {
        // Already answered; a signal that throws here changes nothing.
      }
    },
  }
  const timer = setTimeout(() => {
    deadline.expired = true
    controller.abort()
    deadline.expire?.(timeoutError(ms))
  }, ms)
  try {
    if (outer?.aborted) controller.abort()
    else outer?.addEventListener('abort', forward, { once: true })
  } catch {
    // A signal that throws cannot be listened to: the request is refused as aborted.
    controller.abort()
  }
  config.signal = controller.signal
  deadlines.set(config, deadline)
}

function timeoutError(ms: number): PixwelError {
  return new PixwelError('timeout', `The Pixwel API did not answer within ${ms} ms.`)
}
