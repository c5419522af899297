import axios, { type AxiosAdapter, type AxiosInstance, type AxiosRequestConfig } from 'axios'
import { PixwelError } from '../errors/PixwelError.js'
import { projectSession } from '../schemas/parseSession.js'
import type { Session } from '../schemas/sessionContract.js'
import {
  checkContractMode,
  type ContractDriftReport,
  type ContractMode,
} from '../schemas/contractDrift.js'
import type { SessionField, SessionWithFields } from '../schemas/sessionFields.js'
import { resolveBaseURL, type PixwelEnvironment } from './resolveBaseURL.js'
import { createHttp, maxTimeoutMs, refuseRedirectsOffOrigin } from './createHttp.js'
import {
  sealCredentials,
  sealedTime,
  tick,
  unseal,
  type Credentials,
  type SealedCredentials,
} from './sealCredentials.js'
import { openSignOutChannel, type SignOutChannel } from './openSignOutChannel.js'
import {
  isNamedStorage,
  isStorage,
  readToken,
  removeToken,
  resolveStorage,
  writeToken,
  type PixwelPersist,
} from './PixwelStorage.js'
import { checkFunction, isAbortSignal, readOwn } from '../errors/readOwn.js'
import { requestSession, type CreateSessionOptions } from './requestSession.js'
import { checkFields } from '../schemas/sessionFields.js'
import { callGuarded } from '../errors/reportCallbackError.js'

/**
 * Options of {@link createPixwelClient}.
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
  /**
   * Keep a token session on this device, and restore it by itself on the next load: a
   * {@link PixwelStorage} (`localStorage`, `sessionStorage`, AsyncStorage…) or `'local'` /
   * `'session'`, looked up only in a browser. Only a personal access token is ever kept, never
   * a password or anything derived from one; a kept token is as good as the token. Off by
   * default: memory only.
   */
  persist?: PixwelPersist
  /**
   * Refresh the session (`POST /session` again) when the window regains focus, while signed
   * in. Off by default: each refresh is a request, and a page rarely needs fresher roles.
   */
  refreshOnFocus?: boolean
  /**
   * Refresh the session every this many milliseconds while signed in. Off by default, for the
   * same reason; the timer stops on sign-out and `dispose()`.
   */
  refreshIntervalMs?: number
  /**
   * How strictly answers are held to the contract (`openapi/pixwel.yaml`): `'strict'` (the
   * default) fails a sign-in on any value of the wrong type; `'tolerant'` falls back to the
   * field's documented default, except in the essential fields. See {@link ContractMode}.
   */
  contract?: ContractMode
  /**
   * Called with a {@link ContractDriftReport} for every answer that differs from the contract
   * (paths and kinds only, never values), before the session or the error it leads to. Also
   * sent to subscribers as a `contract-drift` event.
   */
  onContractDrift?: (report: ContractDriftReport) => void
}

/**
 * Options of {@link PixwelClient.waitForTwoFactor}.
 */
export interface WaitForTwoFactorOptions {
  /** How often to ask the API whether the link was opened; default 3 000 ms. */
  intervalMs?: number
  /** How long the link lives; default 600 000 ms (10 minutes, Pixwel's link lifetime). */
  timeoutMs?: number
  /** Ends the wait with `aborted` (the session stays as it is). */
  signal?: AbortSignal
}

/**
 * Where the user stands, as the client holds it: no session, a kept session being restored, a
 * session, or a session that still needs its second factor (two-factor enforced and not
 * verified). The status decides what `session` is, so a check of `status` narrows it.
 *
 * @example
 * ```ts
 * const state = client.getSession()
 * if (state.status === 'signed-in') console.log(state.session.name) // session: Session
 * ```
 */
export type PixwelSessionSnapshot =
  | {
      readonly status: 'signed-out'
      readonly session: null
      /** Why the kept session could not be restored (network, server, timeout, 401). */
      readonly restoreError?: PixwelError
    }
  | { readonly status: 'restoring'; readonly session: null }
  | { readonly status: 'signed-in'; readonly session: Session }
  | { readonly status: 'two-factor-required'; readonly session: Session }

/**
 * The statuses of a {@link PixwelSessionSnapshot}.
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
      /** A refresh changed the signed-in user's session (roles, preferences, verification). */
      readonly type: 'updated'
      readonly snapshot: Extract<PixwelSessionSnapshot, { session: Session }>
    }
  | {
      readonly type: 'signed-out'
      /**
       * `sign-out` (here or in another tab), `unauthorized` (a 401 on the held credentials),
       * `not-restored` (no kept session, or it could not be restored: see `error`),
       * `two-factor-expired` (the verification link was not opened in time).
       */
      readonly reason: 'sign-out' | 'unauthorized' | 'not-restored' | 'two-factor-expired'
      /** The sign-out was made in another tab of the app. */
      readonly crossTab: boolean
      /** What ended the session, for `not-restored` and `two-factor-expired`. */
      readonly error?: PixwelError
      readonly snapshot: Extract<PixwelSessionSnapshot, { status: 'signed-out' }>
    }
  | {
      /** An answer differed from the contract (the session may still have been accepted). */
      readonly type: 'contract-drift'
      readonly report: ContractDriftReport
      readonly snapshot: PixwelSessionSnapshot
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
  /**
   * The snapshot a server render shows, for `useSyncExternalStore`'s `getServerSnapshot`: on
   * the server, the snapshot; in a browser, `restoring` when the client has `persist` (the
   * server could not read the storage, so both sides start from `restoring` and hydrate
   * alike), otherwise the snapshot. Needs no `this`.
   */
  readonly getServerSession: () => PixwelSessionSnapshot
  /** Listens for every change of the session; returns the unsubscribe function. Needs no `this`. */
  readonly subscribe: (listener: (event: PixwelClientEvent) => void) => () => void
  /**
   * Sends `POST /session` again with the held credentials and resolves with the new session;
   * `useSession()` re-renders only if it really changed. Joins a sign-in, restore or refresh
   * in flight. Signed out: sends nothing and rejects with `unauthorized`; a 401 signs out and
   * rejects with `unauthorized` (and calls `onUnauthorized`).
   */
  refreshSession(): Promise<Session>
  /**
   * For `two-factor-required`: waits while the user opens the verification link Pixwel
   * emailed, refreshing the session every `intervalMs` (never beside another request), and
   * resolves with the verified session (status `signed-in`). After `timeoutMs` (10 minutes,
   * the link's lifetime) it rejects with `timeout` and signs out; a `signal` or a sign-out
   * ends it with `aborted`.
   */
  waitForTwoFactor(options?: WaitForTwoFactorOptions): Promise<Session>
  /**
   * Resolves once the session is not `restoring` any more (at once if it is not), with the
   * snapshot then. The same promise until the restore ends: it can be thrown for Suspense.
   */
  whenRestored(): Promise<PixwelSessionSnapshot>
  /** Closes what the client opened (its cross-tab channel, refresh timers) and cancels a sign-in in flight. */
  dispose(): void
}

const defaultTimeoutMs = 15_000

const signedOut: Extract<PixwelSessionSnapshot, { status: 'signed-out' }> = Object.freeze({
  status: 'signed-out',
  session: null,
})

const restoring: Extract<PixwelSessionSnapshot, { status: 'restoring' }> = Object.freeze({
  status: 'restoring',
  session: null,
})

const defaultTwoFactorIntervalMs = 3_000
const defaultTwoFactorTimeoutMs = 600_000

/** A request for a session under way: its key, and how many callers still wait for it. */
interface Flight {
  readonly key: string
  readonly controller: AbortController
  readonly done: Promise<Session>
  /** `sign-in` (new credentials), `refresh` (the held ones) or `restore` (the kept token). */
  readonly kind: 'sign-in' | 'refresh' | 'restore'
  waiters: number
  /** Why it was cancelled: the `aborted` message its callers get, or the error itself. */
  cancelled?: string | PixwelError
}

/** What a sign-in does with the kept token once it succeeds. */
type Keep = { token: string } | 'forget' | 'leave'

type SignedOutReason = Extract<PixwelClientEvent, { type: 'signed-out' }>['reason']

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
    [
      'environment',
      'baseURL',
      'timeoutMs',
      'onUnauthorized',
      'adapter',
      'persist',
      'refreshOnFocus',
      'refreshIntervalMs',
      'contract',
      'onContractDrift',
    ],
    () =>
      new PixwelError(
        'configuration',
        'createPixwelClient takes an options object (or nothing), with readable properties.',
      ),
  )
  const { baseURL, origin } = resolveBaseURL(read.environment, read.baseURL)
  const api = { baseURL, origin, beforeRedirect: refuseRedirectsOffOrigin(origin) }
  const timeoutMs = checkTimeout(read.timeoutMs ?? defaultTimeoutMs, 'timeoutMs')
  const onUnauthorized = checkFunction<(error: PixwelError) => void>(
    read.onUnauthorized,
    'onUnauthorized',
  )
  const contract = checkContractMode(read.contract)
  const onContractDrift = checkFunction<(report: ContractDriftReport) => void>(
    read.onContractDrift,
    'onContractDrift',
  )
  const adapter = checkAdapter(read.adapter)
  const persist = checkPersist(read.persist)
  const refreshOnFocus = checkBoolean(read.refreshOnFocus, 'refreshOnFocus')
  const refreshIntervalMs =
    read.refreshIntervalMs === undefined
      ? undefined
      : checkTimeout(read.refreshIntervalMs, 'refreshIntervalMs')
  // Outside a browser a named storage is not there: the server render says `restoring`, as
  // the browser's first render will, and touches nothing.
  // Asked once, at creation: rendering must not touch browser globals.
  const inBrowser = typeof window !== 'undefined'
  const serverRender = isNamedStorage(persist) && !inBrowser
  const storage = serverRender ? undefined : resolveStorage(persist)

  let authorization: string | null = null
  let snapshot: PixwelSessionSnapshot = signedOut
  /** Bumped by every change of the session: a sign-in that sees it move was overtaken. */
  let version = 0
  let flight: Flight | null = null
  /** When the last sign-out happened (sealCredentials.ts's clock). */
  let signedOutAt = 0
  let disposed = false
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
      // A refresh of these credentials in flight would bring the session back: it ends too.
      // A sign-in in flight with other credentials goes on.
      if (flight?.key.startsWith(`${used}\n`)) cancelFlight(failure)
      end('unauthorized', { cancelSignIn: false })
      if (onUnauthorized) callGuarded(() => onUnauthorized(failure))
    },
  })

  /**
   * The cross-tab channel, opened on first use (a subscriber, a sign-in or a sign-out), not at
   * creation: a client made during a server render touches no browser global.
   */
  let channel: SignOutChannel | null | undefined
  function crossTab(): SignOutChannel | null {
    if (disposed) return null
    channel ??= openSignOutChannel(baseURL, () => {
      // A sign-out from another tab is obeyed, not sent back; a client signed out already is
      // told nothing, so each tab sees exactly one event.
      end('sign-out', { crossTab: true })
    })
    return channel
  }

  function emit(event: PixwelClientEvent): void {
    const at = version
    for (const listener of [...listeners]) {
      // A listener changed the session: the rest hear of the newer change, not of this one.
      if (version !== at) return
      callGuarded(() => listener(event))
    }
  }

  /** An answer drifted from the contract: the app's callback, then the subscribers, hear it. */
  function reportDrift(report: ContractDriftReport): void {
    if (onContractDrift) callGuarded(() => onContractDrift(report))
    emit({ type: 'contract-drift', report, snapshot })
  }

  function change(next: PixwelSessionSnapshot, event: PixwelClientEvent): void {
    const left = snapshot.status === 'restoring' && next.status !== 'restoring'
    snapshot = next
    version++
    if (left) restoreEnded()
    keepFresh()
    emit(event)
  }

  /** Forgets the session and cancels a sign-in in flight: every way a session ends. */
  function end(
    reason: SignedOutReason,
    how: { crossTab?: boolean; cancelSignIn?: boolean; error?: PixwelError } = {},
  ): void {
    const cancelSignIn = how.cancelSignIn ?? true
    const changed =
      authorization !== null || snapshot !== signedOut || (cancelSignIn && flight !== null)
    if (cancelSignIn) {
      cancelFlight('The sign-in was cancelled by a sign-out.')
      signedOutAt = tick()
    }
    restoreRead = null
    if (storage && reason !== 'not-restored') removeToken(storage, baseURL)
    if (!changed) return
    authorization = null
    const next = how.error && reason === 'not-restored' ? notRestored(how.error) : signedOut
    change(next, {
      type: 'signed-out',
      reason,
      crossTab: how.crossTab ?? false,
      ...(how.error ? { error: how.error } : {}),
      snapshot: next,
    })
  }

  function cancelFlight(why: string | PixwelError): void {
    if (!flight) return
    flight.cancelled = why
    flight.controller.abort()
    flight = null
  }

  function start(
    key: string,
    credentials: string,
    fields: readonly SessionField[] | undefined,
    kind: Flight['kind'],
    keep: Keep,
  ): Flight {
    const controller = new AbortController()
    const started: Flight = {
      key,
      controller,
      kind,
      waiters: 0,
      done: requestSession(http, api, {
        authorization: credentials,
        fields,
        signal: controller.signal,
        purpose: kind === 'sign-in' ? 'sign-in' : 'refresh',
        contract,
        onContractDrift: reportDrift,
      }).then(
        (session) => {
          if (flight !== started) throw cancelled(started)
          flight = null
          return settleSession(started, credentials, session, keep)
        },
        (error: unknown) => {
          if (flight === started) flight = null
          if (started.cancelled) throw cancelled(started)
          const failure = asPixwelError(error)
          if (kind === 'restore') {
            // A revoked token is forgotten; a network failure keeps it for the next load.
            if (failure.kind === 'unauthorized' && storage) removeToken(storage, baseURL)
            end('not-restored', { cancelSignIn: false, error: failure })
          }
          throw failure
        },
      ),
    }
    // Every caller may have gone: the outcome then matters to nobody.
    started.done.catch(ignore)
    flight = started
    return started
  }

  /** A session arrived for `started`: it becomes the client's, and the listeners are told. */
  function settleSession(started: Flight, credentials: string, session: Session, keep: Keep) {
    crossTab()
    const previous = snapshot.session
    authorization = credentials
    if (storage && keep !== 'leave') {
      if (keep === 'forget') removeToken(storage, baseURL)
      else writeToken(storage, baseURL, keep.token)
    }
    // A refresh that changed nothing changes nothing: no event, no render.
    if (started.kind === 'refresh' && previous && sameSession(previous, session)) return previous
    // The client's state: nobody holding the session may change it under the snapshot.
    freezeDeep(session)
    const next = Object.freeze({
      status: session.twoFactor.required ? 'two-factor-required' : 'signed-in',
      session,
    } as const)
    const at = version + 1
    change(next, {
      type: started.kind === 'refresh' && previous?.id === session.id ? 'updated' : 'signed-in',
      snapshot: next,
    })
    // A listener may have signed out already: then this sign-in did not happen.
    if (version !== at) throw cancelled(started, 'The sign-in was cancelled by a sign-out.')
    return session
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
    const signal = checkSignal(own.signal)
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
      // A sign-in started during a restore supersedes it: the status leaves `restoring` now.
      if (snapshot.status === 'restoring') end('not-restored', { cancelSignIn: false })
      // Only a token is ever kept, and only when asked; a password sign-in forgets any token
      // kept before, so that a reload never restores another account.
      const keep: Keep =
        sealed.method === 'bearer' && sealed.persist !== false
          ? { token: value.slice('Bearer '.length) }
          : 'forget'
      joined = start(key, value, fields, 'sign-in', keep)
    }
    const session = await wait(joined, signal)
    // Joined a restore or a refresh of this token: `persist: false` still forgets it.
    if (storage && sealed.method === 'bearer' && sealed.persist === false) {
      removeToken(storage, baseURL)
    }
    return fields ? projectSession(session, fields) : session
  }

  async function refreshSession(): Promise<Session> {
    if (flight) return wait(flight, undefined)
    if (snapshot.status === 'restoring' && !disposed) {
      // A kept token is still being read: the restore is the refresh.
      const settled = await whenRestored()
      if (settled.session) return settled.session
    }
    if (authorization === null) {
      throw new PixwelError('unauthorized', 'There is no session to refresh: sign in first.')
    }
    return wait(
      start(`${authorization}\n`, authorization, undefined, 'refresh', 'leave'),
      undefined,
    )
  }

  // ---- Restore: a kept token signs in again by itself, from the client's creation on.

  let restoreRead: Promise<string | null> | null = null
  let restoredPromise: Promise<PixwelSessionSnapshot> | null = null
  let restoreEnded: () => void = ignore

  function startRestore(token: string): void {
    // Listen to the other tabs from the start: a sign-out there cancels the restore too.
    crossTab()
    start(`Bearer ${token}\n`, `Bearer ${token}`, undefined, 'restore', 'leave')
  }

  if (serverRender) {
    snapshot = restoring
  } else if (storage) {
    const kept = readToken(storage, baseURL)
    if (typeof kept === 'string') {
      snapshot = restoring
      startRestore(kept)
    } else if (kept !== null) {
      // An asynchronous storage: `restoring` while it answers.
      snapshot = restoring
      const reading = kept
      restoreRead = reading
      void reading.then((token) => {
        // A sign-in or a sign-out since then has decided already.
        if (restoreRead !== reading) return
        restoreRead = null
        if (token === null) end('not-restored', { cancelSignIn: false })
        else startRestore(token)
      })
    }
  }

  // ---- Keeping the session fresh: focus and interval refreshes, off by default.

  let interval: ReturnType<typeof setInterval> | undefined
  let watchingFocus = false
  const refreshInBackground = () => {
    // A failed background refresh is not the app's business: a 401 signs out by itself.
    refreshSession().catch(ignore)
  }
  const onVisible = () => {
    if (document.visibilityState === 'visible') refreshInBackground()
  }

  function keepFresh(): void {
    const active = !disposed && authorization !== null
    if (refreshIntervalMs !== undefined && active && interval === undefined) {
      interval = setInterval(refreshInBackground, refreshIntervalMs)
      // In Node, a refresh timer must not keep a script or a server process alive.
      ;(interval as { unref?: () => void }).unref?.()
    } else if (!active && interval !== undefined) {
      clearInterval(interval)
      interval = undefined
    }
    if (!refreshOnFocus || typeof window === 'undefined') return
    if (active && !watchingFocus) {
      window.addEventListener('focus', refreshInBackground)
      document.addEventListener('visibilitychange', onVisible)
      watchingFocus = true
    } else if (!active && watchingFocus) {
      window.removeEventListener('focus', refreshInBackground)
      document.removeEventListener('visibilitychange', onVisible)
      watchingFocus = false
    }
  }

  function whenRestored(): Promise<PixwelSessionSnapshot> {
    if (snapshot.status !== 'restoring') return Promise.resolve(snapshot)
    restoredPromise ??= new Promise((resolve) => {
      restoreEnded = () => {
        restoredPromise = null
        restoreEnded = ignore
        resolve(snapshot)
      }
    })
    return restoredPromise
  }

  /** The waits for two-factor under way: `dispose()` ends them. */
  const twoFactorWaits = new Set<() => void>()

  function waitForTwoFactor(waitOptions?: WaitForTwoFactorOptions): Promise<Session> {
    try {
      return startTwoFactorWait(waitOptions)
    } catch (error) {
      // Bad options reject like any failure of this call, never throw.
      return Promise.reject(asPixwelError(error))
    }
  }

  function startTwoFactorWait(waitOptions?: WaitForTwoFactorOptions): Promise<Session> {
    const own = readOwn(
      waitOptions === undefined ? {} : waitOptions,
      ['intervalMs', 'timeoutMs', 'signal'],
      () =>
        new PixwelError(
          'configuration',
          'waitForTwoFactor takes an options object (or nothing), with readable properties.',
        ),
    )
    const intervalMs = checkTimeout(own.intervalMs ?? defaultTwoFactorIntervalMs, 'intervalMs')
    const linkMs = checkTimeout(own.timeoutMs ?? defaultTwoFactorTimeoutMs, 'timeoutMs')
    const signal = checkSignal(own.signal)
    const cancelled = () => new PixwelError('aborted', 'The wait for two-factor was cancelled.')
    if (disposed || isAborted(signal)) return Promise.reject(cancelled())
    if (snapshot.status === 'restoring') {
      // A kept session is being restored: wait on what it turns out to be.
      return whenRestored().then(() => startTwoFactorWait(waitOptions))
    }
    if (snapshot.status === 'signed-in') return Promise.resolve(snapshot.session)
    if (snapshot.status !== 'two-factor-required') {
      return Promise.reject(
        new PixwelError('unauthorized', 'There is no two-factor sign-in to wait for.'),
      )
    }
    // The wait is for this sign-in: another one (another user, another link) ends it.
    const waitingFor = authorization
    return new Promise<Session>((resolve, reject) => {
      let poll: ReturnType<typeof setTimeout> | undefined
      const finish = (settle: () => void) => {
        clearTimeout(poll)
        clearTimeout(expiry)
        listeners.delete(watch)
        twoFactorWaits.delete(abort)
        try {
          signal?.removeEventListener('abort', abort)
        } catch {
          // A caller's signal that throws changes nothing here.
        }
        settle()
      }
      const abort = () => {
        finish(() => reject(cancelled()))
      }
      const watch = (event: PixwelClientEvent) => {
        if (event.type === 'signed-out' || authorization !== waitingFor) abort()
        else if (event.snapshot.status === 'signed-in') {
          const session = event.snapshot.session
          finish(() => resolve(session))
        }
      }
      const expiry = setTimeout(() => {
        const error = new PixwelError(
          'timeout',
          'The verification link was not opened in time: sign in again.',
        )
        finish(() => reject(error))
        if (authorization === waitingFor) end('two-factor-expired', { error })
      }, linkMs)
      const next = () => {
        poll = setTimeout(() => {
          // Never beside another request: a refresh joins whatever is in flight.
          refreshSession()
            .catch(ignore)
            .finally(() => {
              if (listeners.has(watch)) next()
            })
        }, intervalMs)
      }
      listeners.add(watch)
      twoFactorWaits.add(abort)
      try {
        signal?.addEventListener('abort', abort, { once: true })
      } catch {
        finish(() => reject(new PixwelError('configuration', '`signal` must be an AbortSignal.')))
        return
      }
      next()
    })
  }

  return {
    http,
    baseURL,
    createSession,
    refreshSession,
    waitForTwoFactor,
    whenRestored,
    signOut() {
      end('sign-out')
      crossTab()?.post()
    },
    isSignedIn: () => authorization !== null,
    getSession: () => snapshot,
    // On the server, the snapshot itself; in a browser hydrating a server render, `restoring`
    // for a client with `persist` (the server could not read the storage), else the snapshot.
    getServerSession: () => (persist !== undefined && inBrowser ? restoring : snapshot),
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
      restoreRead = null
      disposed = true
      for (const abort of [...twoFactorWaits]) abort()
      // A restore that will not finish must not leave the status `restoring` for ever.
      if (snapshot.status === 'restoring') end('not-restored', { cancelSignIn: false })
      keepFresh()
      channel?.close()
    },
  }
}

/** The signed-out snapshot after a restore that failed, with why. */
function notRestored(error: PixwelError): Extract<PixwelSessionSnapshot, { status: 'signed-out' }> {
  return Object.freeze({ status: 'signed-out', session: null, restoreError: error })
}

/** Whether a refresh brought nothing new: sessions are plain JSON values in a fixed order. */
function sameSession(a: Session, b: Session): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined || isAbortSignal(value)) return value
  throw new PixwelError('configuration', '`signal` must be an AbortSignal.')
}

function checkBoolean(value: unknown, name: string): boolean {
  if (value === undefined || typeof value === 'boolean') return value === true
  throw new PixwelError('configuration', `${name} must be a boolean.`)
}

function checkPersist(value: unknown): PixwelPersist | undefined {
  if (value === undefined || isNamedStorage(value) || isStorage(value)) return value
  throw new PixwelError(
    'configuration',
    "persist must be a storage (getItem, setItem, removeItem), 'local' or 'session'.",
  )
}

function isAborted(signal: AbortSignal | undefined): boolean {
  try {
    return signal?.aborted === true
  } catch {
    throw new PixwelError('configuration', '`signal` must be an AbortSignal.')
  }
}

function cancelled(flight: Flight, why?: string): PixwelError {
  if (why === undefined && flight.cancelled instanceof PixwelError) return flight.cancelled
  return new PixwelError(
    'aborted',
    why ?? (typeof flight.cancelled === 'string' ? flight.cancelled : 'The sign-in was cancelled.'),
  )
}

/**
 * What a call of the client rejects with: a PixwelError as it is (requests are mapped already,
 * by `toPixwelError` in the transport); anything else can only be a bug, and is `network`.
 */
function asPixwelError(error: unknown): PixwelError {
  if (error instanceof PixwelError) return error
  return new PixwelError('network', 'The sign-in failed unexpectedly.')
}

function ignore(): void {
  // A flight's outcome is handed to its waiters; with none left, nobody needs it.
}

function checkTimeout(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > maxTimeoutMs) {
    throw new PixwelError(
      'configuration',
      `${name} must be a number of milliseconds above 0 and at most ${maxTimeoutMs}.`,
    )
  }
  return value
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

/** Freezes a parsed session and everything in it (all of it the parser's own fresh objects). */
function freezeDeep(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const item of Object.values(value)) freezeDeep(item)
}
