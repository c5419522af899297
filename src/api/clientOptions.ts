import axios, { type AxiosAdapter, type AxiosRequestConfig } from 'axios'
import { PixwelError } from '../errors/PixwelError.js'
import { checkFunction, isAbortSignal, onAbort, readOwn } from '../errors/readOwn.js'
import {
  checkContractMode,
  type ContractDriftReport,
  type ContractMode,
} from '../schemas/contractDrift.js'
import { checkFields, type SessionField } from '../schemas/sessionFields.js'
import { maxTimeoutMs } from './createHttp.js'
import { isExtension, type PixwelExtension } from './PixwelExtension.js'
import { attempt } from './unref.js'
import type { PixwelPage, PixwelPageChannel } from './PixwelPage.js'
import { isNamedStorage, isStorage, type PixwelPersist } from './PixwelStorage.js'
import { resolveBaseURL, type PixwelEnvironment } from './resolveBaseURL.js'

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
  /**
   * How long Pixwel's emailed verification link lives, in milliseconds; default 600 000 (10
   * minutes). A two-factor sign-in's `expiresAt` is its answer's time plus this; then the
   * client signs out with reason `two-factor-expired`.
   */
  twoFactorLifetimeMs?: number
  /**
   * Signs out after a while with no user activity in any tab of the app (opt-in, so that apps
   * without it do not ship it): `idle: pixwelIdle({ timeoutMs, warningMs })`.
   */
  idle?: PixwelExtension
  /**
   * Keeps the client's last decisions, redacted, for `client.getTimeline()` (opt-in, so that
   * apps without it do not ship it): `timeline: pixwelTimeline()`.
   */
  timeline?: PixwelExtension
  /**
   * The page the client runs in, instead of the browser's window: the test kit's tabs
   * (`createPixwelTabs` in `pixwel-react/testing`) give each client one.
   */
  page?: PixwelPage
}

/**
 * Options of {@link PixwelClient.waitForTwoFactor}.
 */
export interface WaitForTwoFactorOptions {
  /** How often to ask the API whether the link was opened; default 3 000 ms. */
  intervalMs?: number
  /**
   * How long after the sign-in's answer the link may be opened: brings the challenge's
   * `expiresAt` forward (for every wait on it) when shorter than `twoFactorLifetimeMs`,
   * never back.
   */
  timeoutMs?: number
  /** Ends this wait with `aborted` (the session and the other waits stay as they are). */
  signal?: AbortSignal
}

const optionNames = [
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
  'twoFactorLifetimeMs',
  'idle',
  'timeline',
  'page',
  'idleTimeoutMs',
  'idleWarningMs',
] as const

/**
 * The options of a client, read once (own properties only, each read once) and checked: a bad
 * value throws a `configuration` {@link PixwelError} before anything is sent.
 */
export function readClientOptions(options: PixwelClientOptions | undefined) {
  const read = readOwn(
    options === undefined ? {} : options,
    optionNames,
    () =>
      new PixwelError(
        'configuration',
        'createPixwelClient takes an options object (or nothing), with readable properties.',
      ),
  )
  const { baseURL, origin } = resolveBaseURL(read.environment, read.baseURL)
  return {
    baseURL,
    origin,
    timeoutMs: checkTimeout(read.timeoutMs ?? 15_000, 'timeoutMs'),
    onUnauthorized: checkFunction<(error: PixwelError) => void>(
      read.onUnauthorized,
      'onUnauthorized',
    ),
    contract: checkContractMode(read.contract),
    onContractDrift: checkFunction<(report: ContractDriftReport) => void>(
      read.onContractDrift,
      'onContractDrift',
    ),
    adapter: checkAdapter(read.adapter),
    persist: checkPersist(read.persist),
    refreshOnFocus: checkBoolean(read.refreshOnFocus, 'refreshOnFocus'),
    refreshIntervalMs:
      read.refreshIntervalMs === undefined
        ? undefined
        : checkTimeout(read.refreshIntervalMs, 'refreshIntervalMs'),
    twoFactorLifetimeMs: checkTimeout(read.twoFactorLifetimeMs ?? 600_000, 'twoFactorLifetimeMs'),
    extensions: [read.idle, read.timeline].map((value, i) => {
      const name = i ? 'timeline' : 'idle'
      if (value === undefined || isExtension(value, name)) return value
      throw new PixwelError(
        'configuration',
        `${name} must be made by ${i ? 'pixwelTimeline()' : 'pixwelIdle({ timeoutMs })'}.`,
      )
    }),
    page: checkPage(read.page, read.idleTimeoutMs ?? read.idleWarningMs),
  }
}

/** A page with its three functions; and the idle options told where they go. */
function checkPage(value: unknown, idle: unknown): PixwelPage | undefined {
  if (idle !== undefined) {
    throw new PixwelError(
      'configuration',
      'Idle sign-out is opt-in: pass idle: pixwelIdle({ timeoutMs, warningMs }), exported by pixwel-react.',
    )
  }
  if (value === undefined) return undefined
  const failure = () =>
    new PixwelError('configuration', 'page must have the functions hidden(), on() and channel().')
  // Read once, as the other options: a getter cannot swap them afterwards.
  const read = readOwn(value, ['hidden', 'on', 'channel'], failure) as Partial<
    Record<string, (this: unknown, ...args: unknown[]) => unknown>
  >
  const { hidden, on, channel } = read
  if (typeof hidden !== 'function' || typeof on !== 'function' || typeof channel !== 'function')
    throw failure()
  // The page's own failures are survived: a page that cannot say is visible, an event that
  // cannot be listened to is not heard, a channel that cannot open is none.
  return {
    hidden: () => attempt(() => hidden.call(value) === true, false),
    on: (type, listener) => {
      const stop = attempt(() => on.call(value, type, listener), undefined)
      return () => {
        if (typeof stop === 'function') attempt(stop as () => void, undefined)
      }
    },
    channel: (name) => attempt(() => channel.call(value, name) as PixwelPageChannel | null, null),
  }
}

/** The options of a wait for two-factor, checked. */
export function readWaitOptions(options: WaitForTwoFactorOptions | undefined) {
  const read = readOwn(
    options === undefined ? {} : options,
    ['intervalMs', 'timeoutMs', 'signal'],
    () =>
      new PixwelError(
        'configuration',
        'waitForTwoFactor takes an options object (or nothing), with readable properties.',
      ),
  )
  return {
    intervalMs: checkTimeout(read.intervalMs ?? 3_000, 'intervalMs'),
    timeoutMs: read.timeoutMs === undefined ? undefined : checkTimeout(read.timeoutMs, 'timeoutMs'),
    signal: checkSignal(read.signal),
  }
}

/** The options of a sign-in, checked. */
export function readSessionOptions(options: unknown): {
  fields: readonly SessionField[] | undefined
  signal: AbortSignal | undefined
} {
  const read = readOwn(
    options === undefined ? {} : options,
    ['fields', 'signal'],
    () =>
      new PixwelError(
        'configuration',
        'createSession takes an options object (or nothing), with readable properties.',
      ),
  )
  return {
    fields: read.fields === undefined ? undefined : checkFields(read.fields),
    signal: checkSignal(read.signal),
  }
}

/**
 * Why a client cannot do `what`: it was disposed, or it was made on a server with a named
 * `persist` (`serverPersist`), which reads the kept session in the browser only.
 */
export function refusalOf(
  what: string,
  disposed: boolean,
  serverPersist: string | undefined,
): PixwelError | null {
  if (disposed) {
    return new PixwelError(
      'configuration',
      `${what} refused: this client was disposed and sends nothing any more. Make a new one with createPixwelClient().`,
    )
  }
  if (serverPersist === undefined) return null
  return new PixwelError(
    'configuration',
    `${what} cannot run on the server: this client (persist: '${serverPersist}') reads the kept session in the browser only.`,
  )
}

/** `promise`, or `error()` as soon as `signal` aborts. */
export function abortable<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  error: () => PixwelError,
): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const stop = onAbort(signal, () => reject(error()))
    if (!stop) reject(new PixwelError('configuration', '`signal` must be an AbortSignal.'))
    promise.then(resolve, reject).finally(stop ?? undefined)
  })
}

export function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined || isAbortSignal(value)) return value
  throw new PixwelError('configuration', '`signal` must be an AbortSignal.')
}

export function isAborted(signal: AbortSignal | undefined): boolean {
  try {
    return signal?.aborted === true
  } catch {
    throw new PixwelError('configuration', '`signal` must be an AbortSignal.')
  }
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

/** A number of milliseconds above 0 that a timer can wait (a `configuration` error otherwise). */
export function checkTimeout(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > maxTimeoutMs) {
    throw new PixwelError(
      'configuration',
      `${name} must be a number of milliseconds above 0 and at most ${maxTimeoutMs}.`,
    )
  }
  return value
}

/** An axios adapter, or the name of one this platform supports, resolved; or a `configuration` error. */
export function checkAdapter(value: unknown): AxiosAdapter | undefined {
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
