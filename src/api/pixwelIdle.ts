import { PixwelError } from '../errors/PixwelError.js'
import { readOwn } from '../errors/readOwn.js'
import { checkTimeout } from './clientOptions.js'
import { maxTimeoutMs } from './createHttp.js'
import {
  extension,
  type ExtensionHooks,
  type ExtensionHost,
  type PixwelExtension,
} from './PixwelExtension.js'
import type { PixwelSessionSnapshot } from './PixwelSessionSnapshot.js'
import { unref } from './unref.js'
import { idleWarnings, type IdleWarningState } from './idleWarnings.js'

/** Options of {@link pixwelIdle}. */
export interface PixwelIdleOptions {
  /**
   * Sign out after this long (milliseconds) with no user activity in any tab of the app: a
   * pointer, a key, a tab shown again. At most 2 147 483 647.
   */
  timeoutMs: number
  /**
   * Warn this long (milliseconds) before the sign-out: an `idle-warning` event, and
   * `useIdleWarning()`. Below `timeoutMs`; no warning without it.
   */
  warningMs?: number
}

/** The message a tab sends the others of its user's latest activity (epoch ms). */
const activeType = 'idle:active'
/** The shortest time between two activity messages of one tab (the last one always goes). */
const sendSpacingMs = 1_000

/**
 * Idle sign-out across tabs (opt-in: an app that does not import it does not ship it). While
 * the client is `signed-in`, it signs out with reason `'idle'` after `timeoutMs` with no user
 * activity in any tab of the app on the same API root; the other tabs follow. `warningMs`
 * before, subscribers get an `idle-warning` event with the time left, and any activity puts it
 * off (an `idle-warning` with `signOutAt: null`). Times are the wall clock's: a laptop that
 * slept past the deadline signs out as soon as it wakes. Throws a `configuration`
 * {@link PixwelError} for bad options.
 *
 * @example
 * ```ts
 * const client = createPixwelClient({
 *   idle: pixwelIdle({ timeoutMs: 30 * 60_000, warningMs: 60_000 }),
 * })
 * ```
 */
export function pixwelIdle(options: PixwelIdleOptions): PixwelExtension {
  const read = readOwn(
    options,
    ['timeoutMs', 'warningMs'],
    () =>
      new PixwelError(
        'configuration',
        'pixwelIdle takes an options object ({ timeoutMs, warningMs? }), with readable properties.',
      ),
  )
  const timeoutMs = checkTimeout(read.timeoutMs, 'pixwelIdle: timeoutMs')
  const warningMs =
    read.warningMs === undefined ? undefined : checkTimeout(read.warningMs, 'pixwelIdle: warningMs')
  if (warningMs !== undefined && warningMs >= timeoutMs) {
    throw new PixwelError('configuration', 'pixwelIdle: warningMs must be below timeoutMs.')
  }
  return extension('idle', (host) => startIdle(host, timeoutMs, warningMs))
}

function startIdle(
  host: ExtensionHost,
  timeoutMs: number,
  warningMs: number | undefined,
): ExtensionHooks {
  const page = host.page
  /** The signed-in user the clock runs for; `null` while there is none (or after `close`). */
  let user: string | null = null
  let closed = false
  /** The latest activity in any tab (epoch ms). */
  let last = 0
  /** The sign-out time the subscribers were warned of, while they are. */
  let warned: number | null = null
  /** The snapshot the warning is kept on (for `useIdleWarning`), while there is one. */
  let warnedOn: PixwelSessionSnapshot | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  let sendTimer: ReturnType<typeof setTimeout> | undefined
  let sentAt = -Infinity
  let stopActivity: (() => void) | undefined

  function follow(snapshot: PixwelSessionSnapshot): void {
    // Only a signed-in user is timed: a two-factor sign-in has its own expiry (the user is in
    // their mailbox, not on the page), and its clock starts when the link is opened.
    const now = snapshot.status === 'signed-in' && !closed && page ? snapshot.session.id : null
    if (now === user) {
      // The same user's session, refreshed: the warning under way goes with it.
      if (warnedOn && warnedOn !== snapshot) keep(idleWarnings.get(warnedOn))
      return
    }
    stop()
    user = now
    if (user === null || !page) return
    // A new session starts the clock afresh, in every tab (the user just signed in).
    last = Date.now()
    // A page that cannot tell activity (its `on` throws: the client's page survives it) leaves
    // the clock running from the sign-in.
    stopActivity = page.on('activity', () => heard(Date.now(), true))
    tell(false)
    check(null)
  }

  function stop(): void {
    clearTimeout(timer)
    clearTimeout(sendTimer)
    timer = sendTimer = undefined
    sentAt = -Infinity
    warned = null
    keep(undefined)
    user = null
    stopActivity?.()
    stopActivity = undefined
  }

  /** Activity at `at`, in this tab (`mine`) or another. */
  function heard(at: number, mine: boolean): void {
    if (user === null) return
    const now = Date.now()
    // The wall clock first: activity after the deadline (a laptop waking up) is too late.
    if (now >= last + timeoutMs) return expire()
    const when = Math.min(at, now)
    if (!(when > last)) return
    last = when
    const was = warned
    warned = null
    keep(undefined)
    // A tab in the warning tells the others at once: they may be showing it too.
    if (mine) tell(was !== null)
    check(was)
  }

  /** Tells the other tabs of the latest activity: at most once a second, the last one always. */
  function tell(now: boolean): void {
    const wait = sentAt + sendSpacingMs - Date.now()
    if (now || wait <= 0) {
      clearTimeout(sendTimer)
      sendTimer = undefined
      sentAt = Date.now()
      const message: { type: string; at: number } = { type: activeType, at: last }
      host.send(message)
    } else {
      sendTimer ??= unref(
        setTimeout(() => {
          sendTimer = undefined
          if (user !== null) tell(true)
        }, wait),
      )
    }
  }

  /** Warns, signs out or waits, by the wall clock; `was` is a warning just put off. */
  function check(was: number | null): void {
    clearTimeout(timer)
    timer = undefined
    if (user === null) return
    const now = Date.now()
    const deadline = last + timeoutMs
    if (now >= deadline) return expire()
    const warnAt = deadline - (warningMs ?? 0)
    const warn = warningMs !== undefined && warned === null && now >= warnAt
    if (warn) warned = deadline
    // A timer fires late after a sleep: the check above then signs out at once.
    const next = warned === null ? warnAt : deadline
    timer = unref(setTimeout(() => check(null), Math.min(next - now, maxTimeoutMs)))
    if (warn) {
      keep({ signOutAt: deadline, msLeft: deadline - now })
      host.emit({
        type: 'idle-warning',
        signOutAt: deadline,
        msLeft: deadline - now,
        snapshot: host.getSession(),
      })
    } else if (was !== null) {
      host.emit({
        type: 'idle-warning',
        signOutAt: null,
        msLeft: null,
        snapshot: host.getSession(),
      })
    }
  }

  /** Keeps `warning` on the client's current snapshot (and off the one before). */
  function keep(warning: IdleWarningState | undefined): void {
    if (warnedOn) idleWarnings.delete(warnedOn)
    warnedOn = warning && host.getSession()
    if (warning && warnedOn) idleWarnings.set(warnedOn, Object.freeze(warning))
  }

  function expire(): void {
    stop()
    // The other tabs hear of it as a sign-out with reason 'idle' (their own clocks, had they
    // fired too, find them signed out already: one signed-out event each).
    host.signOut('idle')
  }

  follow(host.getSession())
  return {
    message(data) {
      if (data.type !== activeType || user === null) return
      // Another tab's message (or anything on the channel): only an own, finite number counts,
      // and a time to come is now. (A message whose parts throw is dropped by the channel.)
      const at = Object.getOwnPropertyDescriptor(data, 'at')?.value as unknown
      if (typeof at === 'number' && Number.isFinite(at)) heard(at, false)
    },
    after: follow,
    close() {
      closed = true
      stop()
    },
  }
}
