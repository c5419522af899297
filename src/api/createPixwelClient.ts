import axios, { type AxiosAdapter, type AxiosInstance, type AxiosRequestConfig } from 'axios'
import { PixwelError } from '../errors/PixwelError.js'
import { projectSession } from '../schemas/parseSession.js'
import type { Session } from '../schemas/session.js'
import type { SessionField, SessionWithFields } from '../schemas/sessionFields.js'
import { resolveBaseURL, type PixwelEnvironment } from './baseURL.js'
import { createHttp, maxTimeoutMs } from './createHttp.js'
import {
  sealCredentials,
  sealedTime,
  tick,
  unseal,
  type Credentials,
  type SealedCredentials,
} from './credentials.js'
import { openSignOutChannel, type SignOutChannel } from './crossTab.js'
import { isAbortSignal, readOwn } from './readOwn.js'
import { checkFields, requestSession, type CreateSessionOptions } from './requestSession.js'
import { reportCallbackError } from '../errors/reportCallbackError.js'

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
  /**
   * The longest a request may take, from sending it to the last byte of the answer, in
   * milliseconds; default 15 000, at most 2 147 483 647.
   */
  timeoutMs?: number
  /** Called once when a signed-in request gets a 401 and the credentials are forgotten. */
  onUnauthorized?: (error: PixwelError) => void
  /** An axios adapter to use instead of the platform's (tests, benchmarks, React Native). */
  adapter?: AxiosRequestConfig['adapter']
}

/**
 * Where the user stands, as the client holds it: no session, a session, or a session that
 * still needs its second factor (two-factor enforced and not verified). The status decides
 * what `session` is, so a check of `status` narrows it.
 *
 * @example
 * ```ts
 * const { status, session } = client.getSession()
 * if (status !== 'signed-out') console.log(session.name) // session: Session
 * ```
 */
export type PixwelSessionSnapshot =
  | { readonly status: 'signed-out'; readonly session: null }
  | { readonly status: 'signed-in'; readonly session: Session }
  | { readonly status: 'two-factor-required'; readonly session: Session }

/**
 * The statuses of a {@link PixwelSessionSnapshot}.
 *
 * @example
 * ```ts
 * const status: PixwelSessionStatus = client.getSession().status
 * ```
 */
export type PixwelSessionStatus = PixwelSessionSnapshot['status']

/**
 * What a client tells its subscribers, with the snapshot the change produced: a sign-in
 * succeeded, or the credentials are gone (`signOut()` here or in another tab of the app on the
 * same API root, or a 401 on a request that carried them).
 *
 * @example
 * ```ts
 * client.subscribe((event) => {
 *   if (event.type === 'signed-out' && event.reason === 'unauthorized') showSignIn()
 * })
 * ```
 */
export type PixwelClientEvent =
  | {
      readonly type: 'signed-in'
      readonly snapshot: Extract<PixwelSessionSnapshot, { session: Session }>
    }
  | {
      readonly type: 'signed-out'
      readonly reason: 'sign-out' | 'unauthorized'
      /** The sign-out was made in another tab of the app. */
      readonly crossTab: boolean
      readonly snapshot: Extract<PixwelSessionSnapshot, { status: 'signed-out' }>
    }

/**
 * A Pixwel API client, and the one owner of the session: it holds the credentials, the
 * session snapshot and every rule of how they change. Its axios instance's interceptors
 * attach the credentials (to the API's own origin only) and turn every failure into a
 * {@link PixwelError}. React reads it through {@link PixwelProvider}.
 *
 * @example
 * ```ts
 * const client = createPixwelClient({ environment: 'staging' })
 * const session = await client.createSession({ username, password })
 * client.getSession().status // 'signed-in' (or 'two-factor-required')
 * const { data: projects } = await client.http.get('/projects') // credentials attached
 * client.signOut()
 * ```
 */
export interface PixwelClient {
  /** The axios instance, interceptors included, for endpoints the library does not wrap yet. */
  readonly http: AxiosInstance
  /** The API root every request of this client is checked against. */
  readonly baseURL: string
  /**
   * `POST /session`: signs in, holds the credentials for later requests, and returns the
   * session. A call with the same credentials and `fields` as a pending one joins it (one
   * request); a call with others aborts the pending one (its callers get `aborted`): the
   * latest wins. A sign-out before it settles wins too: it rejects with `aborted`.
   */
  createSession(
    credentials: Credentials | SealedCredentials,
    options?: { signal?: AbortSignal },
  ): Promise<Session>
  createSession<const F extends SessionField>(
    credentials: Credentials | SealedCredentials,
    options: CreateSessionOptions<F> & { fields: readonly F[] },
  ): Promise<SessionWithFields<F>>
  /**
   * Forgets the credentials, cancels a sign-in in flight and signs out the app's other tabs
   * on the same API root.
   */
  signOut(): void
  /** Whether credentials are held for later requests. */
  isSignedIn(): boolean
  /**
   * The current {@link PixwelSessionSnapshot}: the same object until something changes, so it
   * can feed `useSyncExternalStore`. Needs no `this`.
   */
  readonly getSession: () => PixwelSessionSnapshot
  /** Listens for every change of the session; returns the unsubscribe function. Needs no `this`. */
  readonly subscribe: (listener: (event: PixwelClientEvent) => void) => () => void
  /** Closes what the client opened (its cross-tab channel) and cancels a sign-in in flight. */
  dispose(): void
}

const defaultTimeoutMs = 15_000

const signedOut: Extract<PixwelSessionSnapshot, { status: 'signed-out' }> = Object.freeze({
  status: 'signed-out',
  session: null,
})

/** A sign-in under way: the request, its key, and how many callers still wait for it. */
interface Flight {
  readonly key: string
  readonly controller: AbortController
  readonly done: Promise<Session>
  waiters: number
  /** Why it was cancelled, for the `aborted` message its callers get. */
  cancelled?: string
}

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
  const onUnauthorized = checkFunction(read.onUnauthorized, 'onUnauthorized')
  const adapter = checkAdapter(read.adapter)

  let authorization: string | null = null
  let snapshot: PixwelSessionSnapshot = signedOut
  /** Bumped by every change of the session: a sign-in that sees it move was overtaken. */
  let version = 0
  let flight: Flight | null = null
  /** When the last sign-out happened (credentials.ts's clock). */
  let signedOutAt = 0
  const listeners = new Set<(event: PixwelClientEvent) => void>()

  const http = createHttp({
    baseURL,
    origin,
    timeoutMs,
    adapter,
    authorization: () => authorization,
    rejected(used, failure) {
      // Only the credentials this request carried are proven stale; a newer sign-in stays.
      if (used !== authorization) return
      // A sign-in in flight is another set of credentials: it goes on.
      end('unauthorized', false, false)
      if (onUnauthorized) guarded(() => onUnauthorized(failure))
    },
  })

  /**
   * The cross-tab channel, opened on first use (a subscriber, a sign-in or a sign-out), not at
   * creation: a client made during a server render touches no browser global.
   */
  let channel: SignOutChannel | null | undefined
  let disposed = false
  function crossTab(): SignOutChannel | null {
    if (disposed) return null
    channel ??= openSignOutChannel(baseURL, () => {
      // A sign-out from another tab is obeyed, not sent back; a client signed out already is
      // told nothing, so each tab sees exactly one event.
      if (authorization === null && flight === null && snapshot === signedOut) return
      end('sign-out', true, true)
    })
    return channel
  }

  function emit(event: PixwelClientEvent): void {
    const at = version
    for (const listener of [...listeners]) {
      // A listener changed the session: the rest hear of the newer change, not of this one.
      if (version !== at) return
      guarded(() => listener(event))
    }
  }

  /** Forgets the session and cancels a sign-in in flight: every way a session ends. */
  function end(reason: 'sign-out' | 'unauthorized', crossTab: boolean, cancelSignIn: boolean) {
    const changed =
      authorization !== null || snapshot !== signedOut || (cancelSignIn && flight !== null)
    if (cancelSignIn) {
      cancelFlight('The sign-in was cancelled by a sign-out.')
      signedOutAt = tick()
    }
    if (!changed) return
    authorization = null
    snapshot = signedOut
    version++
    emit({ type: 'signed-out', reason, crossTab, snapshot: signedOut })
  }

  function cancelFlight(why: string): void {
    if (!flight) return
    flight.cancelled = why
    flight.controller.abort()
    flight = null
  }

  function start(key: string, credentials: string, fields: readonly SessionField[] | undefined) {
    const controller = new AbortController()
    const started: Flight = {
      key,
      controller,
      waiters: 0,
      done: requestSession(
        http,
        { baseURL, origin },
        {
          authorization: credentials,
          fields,
          signal: controller.signal,
        },
      ).then(
        (session) => {
          if (flight !== started) throw cancelled(started)
          flight = null
          crossTab()
          authorization = credentials
          const signedIn = Object.freeze({
            status: session.twoFactor.required ? 'two-factor-required' : 'signed-in',
            session,
          } as const)
          snapshot = signedIn
          const at = ++version
          emit({ type: 'signed-in', snapshot: signedIn })
          // A `signed-in` listener may have signed out already: then this sign-in did not happen.
          if (version !== at) throw cancelled(started, 'The sign-in was cancelled by a sign-out.')
          return session
        },
        (error: unknown) => {
          if (flight === started) flight = null
          throw started.cancelled ? cancelled(started) : toFailure(error)
        },
      ),
    }
    // Every caller may have gone: the outcome then matters to nobody.
    started.done.catch(ignore)
    flight = started
    return started
  }

  /** One caller's wait for a flight: its own `signal` ends only its own wait. */
  function wait(joined: Flight, signal: AbortSignal | undefined): Promise<Session> {
    joined.waiters++
    if (!signal) return joined.done
    return new Promise<Session>((resolve, reject) => {
      const leave = () => {
        reject(new PixwelError('aborted', 'The sign-in was cancelled.'))
        joined.waiters--
        if (joined.waiters === 0 && flight === joined) {
          cancelFlight('The sign-in was cancelled.')
        }
      }
      // A caller's signal is a caller's object: one that throws is a bad argument, not a crash.
      const listen = (method: 'addEventListener' | 'removeEventListener') => {
        try {
          signal[method]('abort', leave)
          return true
        } catch {
          return false
        }
      }
      if (!listen('addEventListener')) {
        reject(new PixwelError('configuration', '`signal` must be an AbortSignal.'))
        leave()
        return
      }
      joined.done
        .then(resolve, reject)
        .finally(() => listen('removeEventListener'))
        .catch(ignore)
    })
  }

  async function createSession(
    credentials: Credentials | SealedCredentials,
    sessionOptions?: CreateSessionOptions,
  ): Promise<Session | SessionWithFields<SessionField>> {
    const own = readOwn(
      sessionOptions === undefined ? {} : sessionOptions,
      ['fields', 'signal'],
      () =>
        new PixwelError(
          'configuration',
          'createSession takes an options object (or nothing), with readable properties.',
        ),
    )
    const fields = own.fields === undefined ? undefined : checkFields(own.fields)
    if (own.signal !== undefined && !isAbortSignal(own.signal)) {
      throw new PixwelError('configuration', '`signal` must be an AbortSignal.')
    }
    const signal = own.signal
    const sealed = sealCredentials(credentials)
    const value = unseal(sealed)
    if (isAborted(signal)) throw new PixwelError('aborted', 'The sign-in was cancelled.')
    if (sealedTime(sealed) < signedOutAt) {
      throw new PixwelError('aborted', 'The sign-in was cancelled by a sign-out.')
    }
    // The key never leaves this closure: it holds the Authorization value.
    const key = `${value}\n${fields ? [...fields].sort().join(',') : ''}`
    // Listen to the other tabs from the start: a sign-out there cancels this sign-in too.
    crossTab()
    let joined = flight
    if (joined?.key !== key) {
      cancelFlight('The sign-in was replaced by a newer sign-in.')
      joined = start(key, value, fields)
    }
    const session = await wait(joined, signal)
    return fields ? projectSession(session, fields) : session
  }

  return {
    http,
    baseURL,
    createSession,
    signOut() {
      end('sign-out', false, true)
      crossTab()?.post()
    },
    isSignedIn: () => authorization !== null,
    getSession: () => snapshot,
    subscribe(listener) {
      if (typeof listener !== 'function') {
        throw new PixwelError('configuration', 'subscribe takes a listener function.')
      }
      listeners.add(listener)
      crossTab()
      return () => {
        listeners.delete(listener)
      }
    },
    dispose() {
      cancelFlight('The sign-in was cancelled: the client was disposed.')
      disposed = true
      channel?.close()
    },
  }
}

function isAborted(signal: AbortSignal | undefined): boolean {
  try {
    return signal?.aborted === true
  } catch {
    throw new PixwelError('configuration', '`signal` must be an AbortSignal.')
  }
}

function cancelled(flight: Flight, why?: string): PixwelError {
  return new PixwelError('aborted', why ?? flight.cancelled ?? 'The sign-in was cancelled.')
}

function toFailure(error: unknown): PixwelError {
  if (error instanceof PixwelError) return error
  return new PixwelError('network', 'The sign-in failed unexpectedly.')
}

function ignore(): void {
  // A flight's outcome is handed to its waiters; with none left, nobody needs it.
}

function checkTimeout(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > maxTimeoutMs) {
    throw new PixwelError(
      'configuration',
      `timeoutMs must be a number of milliseconds above 0 and at most ${maxTimeoutMs}.`,
    )
  }
  return value
}

function checkFunction(value: unknown, name: string): ((error: PixwelError) => void) | undefined {
  if (value === undefined || typeof value === 'function') {
    return value as ((error: PixwelError) => void) | undefined
  }
  throw new PixwelError('configuration', `${name} must be a function.`)
}

function checkAdapter(value: unknown): AxiosAdapter | undefined {
  if (value === undefined) return undefined
  try {
    // axios resolves a name ('fetch') or a list of them to the first this platform supports.
    return axios.getAdapter(value as AxiosRequestConfig['adapter'])
  } catch {
    throw new PixwelError(
      'configuration',
      'adapter must be an axios adapter function, or the name of one this platform supports.',
    )
  }
}

/** Runs an app's callback without letting its exception break the library's state. */
function guarded(callback: () => void): void {
  try {
    callback()
  } catch (error) {
    reportCallbackError(error)
  }
}
