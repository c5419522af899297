/**
 * The one scheduler of a client's background requests: every trigger (the window's focus, the
 * page shown again, the interval, `online`, two-factor polls) asks it, and it decides.
 * - A minimum spacing between refreshes, across the tabs of one API root (each tab tells the
 *   others when it refreshed): a focus that reaches every tab, or focus and `visibilitychange`
 *   firing together, make one request, not a storm.
 * - Interval refreshes carry a small jitter (±10 %), pause while the page is hidden, and one
 *   check runs when it is shown again (if one was due).
 * - A `rate-limited` answer pauses every trigger until its `Retry-After` has passed.
 * - Two-factor polls slow down while the page is hidden, and one runs at once when it is shown
 *   again: coming back from the mailbox signs the user in without waiting for the next tick.
 */
export interface Scheduler {
  /** Starts the refresh triggers while a session is held, and stops them when none is. */
  sync(active: boolean): void
  /** Whether a background request may go now (not within a `rate-limited` pause). */
  open(): boolean
  /** A `rate-limited` answer: nothing goes before `until` (epoch ms). */
  pause(until: number): void
  /** Another tab of the app refreshed at `at` (epoch ms). */
  refreshedElsewhere(at: number): void
  /** Another tab on the same kept token claims a refresh with `nonce`. */
  claimed(nonce: number): void
  /** A two-factor poll's delay: `intervalMs`, or slower while the page is hidden. */
  pollDelay(intervalMs: number): number
  /** Calls `listener` when the page is shown again; returns the function that stops it. */
  whenShown(listener: () => void): () => void
  /**
   * An `unreachable` restore's `attempt`-th failure: try again after a doubling backoff (1 s,
   * 2 s, 4 s… at most a minute, ±20 %), and at once on `online` or when the page is shown.
   */
  retryLater(attempt: number): void
  /** Whether the client is unreachable (retries stop when it is not). */
  syncUnreachable(unreachable: boolean): void
  close(): void
}

import type { PixwelPage } from './PixwelPage.js'
import type { Note, RefreshTrigger } from './trace.js'
import { unref } from './unref.js'

/**
 * How long a tab waits after claiming a refresh for the other tabs' claims: triggers that reach
 * every tab at once (`online`, a screen unlocked) make one request, the lowest nonce's.
 */
const claimWindowMs = 200

/** How much slower two-factor polls go while the page is hidden. */
const hiddenPollFactor = 5

export function createScheduler(options: {
  intervalMs: number | undefined
  onFocus: boolean
  /** The page (the browser's, a test kit tab's), or `undefined` outside a browser. */
  page: PixwelPage | undefined
  /** The shortest time between two refreshes of this API root, across tabs. */
  spacingMs: number
  refresh: () => void
  /** Tries an unreachable restore again. */
  retry: () => void
  /** Tells the other tabs that this one refreshed. */
  announce: (at: number) => void
  /** Whether other tabs may share this tab's credentials (a kept token, a channel). */
  coordinated: () => boolean
  /** Tells them that this tab means to refresh, with a random `nonce`. */
  claim: (nonce: number) => void
  note: Note
}): Scheduler {
  const { intervalMs, onFocus, spacingMs, page, note } = options
  let lastRefresh = 0
  /** The last refresh was another tab's. */
  let elsewhere = false
  let pausedUntil = 0
  let active = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let due = false
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let unreachable = false
  const shown = new Set<() => void>()
  const hidden = () => page?.hidden() === true

  /** This tab's claim under way: its nonce, and whether a lower one was heard. */
  let claim: { nonce: number; lost: boolean } | undefined
  let claimTimer: ReturnType<typeof setTimeout> | undefined

  /** Whether a refresh may go now: not within a pause or the spacing (each says why not). */
  function allowed(trigger: RefreshTrigger): boolean {
    const now = Date.now()
    if (now < pausedUntil) note({ type: 'skip', trigger, why: 'rate-limited', until: pausedUntil })
    else if (now - lastRefresh < spacingMs)
      note({ type: 'skip', trigger, why: 'spacing', at: lastRefresh, elsewhere })
    else return active
    return false
  }

  /**
   * A refresh, if the spacing and any pause allow it now; when other tabs may share the
   * credentials, after a short claim in which the lowest nonce wins. No lock: a tab that goes
   * away mid-claim only loses its turn, and the next trigger after the spacing goes.
   */
  function tryRefresh(trigger: RefreshTrigger): void {
    if (!active || !allowed(trigger) || claim) return
    if (!options.coordinated()) return go(trigger)
    const mine = { nonce: Math.random(), lost: false }
    claim = mine
    options.claim(mine.nonce)
    claimTimer = unref(
      setTimeout(() => {
        claim = undefined
        if (mine.lost) note({ type: 'skip', trigger, why: 'claimed' })
        else if (allowed(trigger)) go(trigger)
      }, claimWindowMs),
    )
  }

  function go(trigger: RefreshTrigger): void {
    lastRefresh = Date.now()
    elsewhere = false
    note({ type: 'refresh', why: trigger })
    options.announce(lastRefresh)
    options.refresh()
  }

  function tick(): void {
    timer = undefined
    if (hidden()) {
      due = true
      note({ type: 'skip', trigger: 'interval', why: 'hidden' })
    } else tryRefresh('interval')
    arm()
  }

  function arm(): void {
    if (intervalMs === undefined || !active || timer !== undefined) return
    timer = unref(setTimeout(tick, intervalMs * (0.9 + Math.random() * 0.2)))
  }

  /** An unreachable restore tries again, unless a `rate-limited` pause says wait. */
  function tryAgain(): void {
    if (!unreachable) return
    const wait = pausedUntil - Date.now()
    if (wait > 0) return schedule(wait)
    note({ type: 'refresh', why: 'retry' })
    options.retry()
  }

  function schedule(ms: number): void {
    clearTimeout(retryTimer)
    retryTimer = unref(setTimeout(tryAgain, ms))
  }

  let stopFocus: (() => void) | undefined
  const stops = page
    ? [
        page.on('online', () => {
          tryAgain()
          tryRefresh('online')
        }),
        page.on('visibilitychange', () => {
          if (hidden()) return
          tryAgain()
          // Back from the mailbox: a poll at once, unless a rate limit says wait.
          if (Date.now() >= pausedUntil) for (const listener of [...shown]) listener()
          if (due || onFocus) {
            due = false
            tryRefresh('visible')
          }
        }),
      ]
    : []

  function sync(held: boolean): void {
    if (held === active) return
    active = held
    if (held) {
      arm()
      if (onFocus) stopFocus = page?.on('focus', () => tryRefresh('focus'))
    } else {
      clearTimeout(timer)
      clearTimeout(claimTimer)
      timer = undefined
      claim = undefined
      due = false
      stopFocus?.()
      stopFocus = undefined
    }
  }

  function syncUnreachable(now: boolean): void {
    unreachable = now
    if (!now) clearTimeout(retryTimer)
  }

  return {
    sync,
    open: () => Date.now() >= pausedUntil,
    pause(until) {
      pausedUntil = Math.max(pausedUntil, until)
    },
    refreshedElsewhere(at) {
      note({ type: 'heard', message: 'refreshed', at })
      if (at <= Date.now() && at > lastRefresh) {
        lastRefresh = at
        elsewhere = true
        // The tabs keep one rhythm: this tab's next interval refresh counts from the other's,
        // so that 5 tabs make one request per interval, not one each.
        if (timer !== undefined) {
          clearTimeout(timer)
          timer = undefined
          arm()
        }
      }
    },
    claimed(nonce) {
      if (claim && nonce < claim.nonce) claim.lost = true
    },
    pollDelay: (ms) => Math.max(ms * (hidden() ? hiddenPollFactor : 1), pausedUntil - Date.now()),
    whenShown(listener) {
      shown.add(listener)
      return () => {
        shown.delete(listener)
      }
    },
    retryLater(attempt) {
      unreachable = true
      schedule(
        Math.min(60_000, 1_000 * 2 ** Math.min(attempt - 1, 16)) * (0.8 + Math.random() * 0.4),
      )
    },
    syncUnreachable,
    close() {
      sync(false)
      syncUnreachable(false)
      shown.clear()
      for (const stop of stops.splice(0)) stop()
    },
  }
}
