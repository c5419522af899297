import axios, {
  AxiosHeaders,
  type AxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type InternalAxiosRequestConfig,
} from 'axios'
import { PixwelError } from '../errors/PixwelError.js'
import type { Session } from '../schemas/session.js'
import type { SessionField, SessionWithFields } from '../schemas/sessionFields.js'
import { resolveBaseURL, type PixwelEnvironment } from './baseURL.js'
import type { Credentials, SealedCredentials } from './credentials.js'
import {
  createSession,
  sessionRequestFlag,
  type CreateSessionOptions,
  type SessionContext,
} from './createSession.js'
import { isAbortSignal, readOwn } from './readOwn.js'
import { responseOrigin } from './responseOrigin.js'
import { toPixwelError } from './toPixwelError.js'

/**
 * Options of {@link createPixwelClient}.
 *
 * @example
 * ```ts
 * const options: PixwelClientOptions = { environment: 'staging', timeoutMs: 10_000 }
 * ```
 */
export interface PixwelClientOptions {
  /** `'production'` (default, `https://app.pixwel.com/api`) or `'staging'`. */
  environment?: PixwelEnvironment
  /** The API root; overrides `environment`. `https:`, or `http:` on a loopback host only. */
  baseURL?: string
  /** Per-request timeout in milliseconds; default 15 000. */
  timeoutMs?: number
  /** Called once when a signed-in request gets a 401 and the credentials are forgotten. */
  onUnauthorized?: (error: PixwelError) => void
  /** An axios adapter to use instead of the platform's (tests, benchmarks, React Native). */
  adapter?: AxiosRequestConfig['adapter']
}

/**
 * What a client tells its subscribers: a sign-in succeeded, or the credentials are gone
 * (`signOut()`, or a 401 on a signed-in request).
 *
 * @example
 * ```ts
 * client.subscribe((event) => {
 *   if (event.type === 'signed-out' && event.reason === 'unauthorized') showSignIn()
 * })
 * ```
 */
export type PixwelClientEvent =
  { type: 'signed-in' } | { type: 'signed-out'; reason: 'sign-out' | 'unauthorized' }

/**
 * A Pixwel API client: one axios instance whose interceptors attach the signed-in user's
 * credentials (to the API's own origin only) and turn every failure into a {@link PixwelError}.
 *
 * @example
 * ```ts
 * const client = createPixwelClient({ environment: 'staging' })
 * const session = await client.createSession({ username, password })
 * const projects = await client.http.get('/projects') // credentials attached
 * client.signOut()
 * ```
 */
export interface PixwelClient {
  /** The axios instance, interceptors included, for endpoints the library does not wrap yet. */
  readonly http: AxiosInstance
  /** The API root every request of this client is checked against. */
  readonly baseURL: string
  /** `POST /session`: signs in, remembers the credentials for later requests, returns the session. */
  createSession(
    credentials: Credentials | SealedCredentials,
    options?: { signal?: AbortSignal },
  ): Promise<Session>
  createSession<const F extends SessionField>(
    credentials: Credentials | SealedCredentials,
    options: CreateSessionOptions<F> & { fields: readonly F[] },
  ): Promise<SessionWithFields<F>>
  /** Forgets the credentials and cancels sign-ins in flight (their late answers are dropped). */
  signOut(): void
  /** Whether credentials are held for later requests. */
  isSignedIn(): boolean
  /** Listens for sign-in and sign-out; returns the unsubscribe function. */
  subscribe(listener: (event: PixwelClientEvent) => void): () => void
}

const defaultTimeoutMs = 15_000

/**
 * Creates a {@link PixwelClient}. Checks the configuration first: a bad `baseURL` or
 * `timeoutMs` throws a `configuration` {@link PixwelError} before any request.
 *
 * @example
 * ```ts
 * const client = createPixwelClient({
 *   baseURL: import.meta.env.VITE_PIXWEL_API_URL,
 *   onUnauthorized: () => router.navigate('/sign-in'),
 * })
 * ```
 */
export function createPixwelClient(options?: PixwelClientOptions): PixwelClient {
  const read = readOwn(
    options === undefined ? {} : options,
    ['environment', 'baseURL', 'timeoutMs', 'onUnauthorized', 'adapter'],
    () =>
      new PixwelError(
        'configuration',
        'createPixwelClient takes an options object (or nothing), with readable properties.',
      ),
  )
  const apiBase = resolveBaseURL(read.environment, read.baseURL)
  const baseURL = apiBase.href.replace(/\/+$/, '')
  const origin = apiBase.origin
  const timeoutMs = checkTimeout(read.timeoutMs ?? defaultTimeoutMs)
  const onUnauthorized = checkListener(read.onUnauthorized, 'onUnauthorized')
  const adapter = checkAdapter(read.adapter)

  let authorization: string | null = null
  let signOuts = 0
  const inFlight = new Set<AbortController>()
  const listeners = new Set<(event: PixwelClientEvent) => void>()

  const emit = (event: PixwelClientEvent) => {
    for (const listener of [...listeners])
      guarded(() => {
        listener(event)
      })
  }

  const http = axios.create({
    baseURL,
    timeout: timeoutMs,
    headers: { Accept: 'application/json' },
    withCredentials: false,
    withXSRFToken: false,
    transitional: { clarifyTimeoutError: true },
    beforeRedirect: stripCredentialsOffOrigin(origin),
    ...(adapter === undefined ? {} : { adapter }),
  })

  http.interceptors.request.use(
    function attachCredentials(config) {
      startDeadline(config, timeoutMs)
      // The usual request, a path under the client's own root, needs no URL parsing.
      const sameOrigin =
        (config.baseURL === baseURL && ownPath.test(config.url ?? '')) ||
        targetOrigin(http, config) === origin
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
      return response
    },
    function toPixwelFailure(error: unknown) {
      const config = (error as Partial<AxiosError>).config
      const deadline = config ? deadlines.get(config) : undefined
      deadline?.end()
      const session = isSessionRequest(config)
      const response = (error as Partial<AxiosError>).response
      // Only the API's own origin speaks for the API: after a redirect elsewhere, a 401 must
      // not sign the user out, nor a 429 or 401 of a stranger pass for the API's verdict.
      const foreign =
        response !== undefined &&
        config !== undefined &&
        (responseOrigin(response.request) ?? targetOrigin(http, config)) !== origin
      const failure = deadline?.expired
        ? timeoutError(deadline.ms)
        : foreign
          ? new PixwelError(
              'invalid-response',
              'The answer came from another origin than the Pixwel API (after a redirect).',
            )
          : toPixwelError(error, { session, timeoutMs })
      if (failure.kind === 'unauthorized' && authorization !== null) {
        const used = config?.headers ? AxiosHeaders.from(config.headers).get('Authorization') : null
        // Only the credentials this request carried are proven stale; a newer sign-in stays.
        if (used === authorization) {
          authorization = null
          emit({ type: 'signed-out', reason: 'unauthorized' })
          if (onUnauthorized) {
            guarded(() => {
              onUnauthorized(failure)
            })
          }
        }
      }
      return Promise.reject(failure)
    },
  )

  const context: SessionContext = {
    http,
    baseURL,
    origin,
    responseOrigin: (response) =>
      responseOrigin(response.request) ?? targetOrigin(http, response.config),
    timeoutMs,
    begin(signal) {
      const controller = new AbortController()
      const startedAt = signOuts
      const abort = () => {
        controller.abort()
      }
      if (signal?.aborted) controller.abort()
      signal?.addEventListener('abort', abort, { once: true })
      inFlight.add(controller)
      return {
        signal: controller.signal,
        current: () => signOuts === startedAt,
        end() {
          signal?.removeEventListener('abort', abort)
          inFlight.delete(controller)
        },
      }
    },
    signedIn(value) {
      authorization = value
      emit({ type: 'signed-in' })
    },
    signOuts: () => signOuts,
  }

  return {
    http,
    baseURL,
    createSession: (
      credentials: Credentials | SealedCredentials,
      sessionOptions?: CreateSessionOptions,
    ) => createSession(context, credentials, sessionOptions),
    signOut() {
      signOuts++
      authorization = null
      for (const controller of inFlight) controller.abort()
      emit({ type: 'signed-out', reason: 'sign-out' })
    },
    isSignedIn: () => authorization !== null,
    subscribe(listener) {
      if (typeof listener !== 'function') {
        throw new PixwelError('configuration', 'subscribe takes a listener function.')
      }
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

/** The longest delay a timer holds (2^31 - 1 ms, about 24.8 days); past it, timers fire at once. */
const maxTimeoutMs = 2 ** 31 - 1

function checkTimeout(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > maxTimeoutMs) {
    throw new PixwelError(
      'configuration',
      `timeoutMs must be a number of milliseconds above 0 and at most ${maxTimeoutMs}.`,
    )
  }
  return value
}

function checkListener(value: unknown, name: string): ((error: PixwelError) => void) | undefined {
  if (value === undefined || typeof value === 'function') {
    return value as ((error: PixwelError) => void) | undefined
  }
  throw new PixwelError('configuration', `${name} must be a function.`)
}

function checkAdapter(value: unknown): AxiosRequestConfig['adapter'] {
  if (value === undefined || typeof value === 'function' || typeof value === 'string') {
    return value as AxiosRequestConfig['adapter']
  }
  if (Array.isArray(value) && value.every((item) => ['function', 'string'].includes(typeof item))) {
    return value as AxiosRequestConfig['adapter']
  }
  throw new PixwelError('configuration', 'adapter must be an axios adapter (a function or a name).')
}

interface Deadline {
  readonly ms: number
  expired: boolean
  end(): void
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
      outer?.removeEventListener('abort', forward)
    },
  }
  const timer = setTimeout(() => {
    deadline.expired = true
    controller.abort()
  }, ms)
  if (outer?.aborted) controller.abort()
  else outer?.addEventListener('abort', forward, { once: true })
  config.signal = controller.signal
  deadlines.set(config, deadline)
}

function timeoutError(ms: number): PixwelError {
  return new PixwelError('timeout', `The Pixwel API did not answer within ${ms} ms.`)
}

/** `/path`: joined to the root by axios, so it stays on the root's origin (not `//host`). */
const ownPath = /^\/(?![/\\])/

function isSessionRequest(config: unknown): boolean {
  return (config as Record<string, unknown> | undefined)?.[sessionRequestFlag] === true
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
    let next: string | null = null
    try {
      next = new URL(String(options.href)).origin
    } catch {
      next = null
    }
    if (next === origin) return
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

/** Runs a user callback without letting its exception break the library's state. */
function guarded(callback: () => void): void {
  try {
    callback()
  } catch (error) {
    const report = (globalThis as { reportError?: (error: unknown) => void }).reportError
    report?.(error)
  }
}
