import type { AxiosInstance } from 'axios'
import type { Session } from '../schemas/sessionContract.js'
import type { SessionField, SessionWithFields } from '../schemas/sessionFields.js'
import type { WaitForTwoFactorOptions } from './clientOptions.js'
import type { PixwelClientEvent, PixwelSessionSnapshot } from './PixwelSessionSnapshot.js'
import type { PixwelTimelineEntry } from './PixwelExtension.js'
import type { CreateSessionOptions } from './requestSession.js'
import type { Credentials, SealedCredentials } from './sealCredentials.js'

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
   * The client's last decisions (about 100), oldest first, redacted: each request and why it
   * was sent, each one skipped and why, each storage operation (never the value), each
   * cross-tab message and each change of state with its reason. Empty unless the client was
   * made with `timeline: pixwelTimeline()`.
   *
   * @example
   * ```ts
   * const client = createPixwelClient({ timeline: pixwelTimeline() })
   * client.getTimeline().map((entry) => entry.message)
   * // ['restore sent: a token was kept', 'signed in', 'refresh skipped: another tab refreshed 2 s ago']
   * ```
   */
  getTimeline(): readonly PixwelTimelineEntry[]
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
   * rejects with `unauthorized` (and calls `onUnauthorized`). A client that cannot refresh
   * (disposed, or made on a server with a named `persist`) rejects with `configuration`.
   */
  refreshSession(): Promise<Session>
  /**
   * For `two-factor-required`: waits while the user opens the verification link Pixwel
   * emailed, and resolves with the verified session (status `signed-in`). All waits for one
   * sign-in share one challenge: one poll loop (every `intervalMs` at the shortest, never
   * beside another request) and one deadline, the snapshot's `expiresAt`, which a remount or a
   * changed session never restarts. At `expiresAt` every wait rejects with `timeout` and the
   * client signs out (`two-factor-expired`); a sign-out or a newer sign-in ends them with
   * `aborted`; a `signal` ends its own wait at once. A poll answered with another account
   * verifies nothing.
   */
  waitForTwoFactor(options?: WaitForTwoFactorOptions): Promise<Session>
  /**
   * Resolves once the session is not `restoring` any more (at once if it is not), with the
   * snapshot then. The same promise until the restore ends: it can be thrown for Suspense. On
   * a server with a named `persist` (nothing to restore from) it rejects with `configuration`.
   */
  whenRestored(): Promise<PixwelSessionSnapshot>
  /**
   * Closes what the client opened (its cross-tab channel, timers), cancels a request in flight
   * and ends the waits. A disposed client sends nothing: its calls reject with
   * `configuration`, and `http` refuses requests. A client made by `<PixwelProvider options>`
   * is the provider's, and is disposed by it: an app must not dispose of it (the page would
   * keep showing its last snapshot while every call is refused).
   */
  dispose(): void
}
