import { PixwelError } from '../errors/PixwelError.js'
import { onAbort } from '../errors/readOwn.js'
import type { Session } from '../schemas/sessionContract.js'
import { maxTimeoutMs } from './createHttp.js'
import type { Challenge } from './sessionMachine.js'
import { unref, ignore } from './unref.js'

/**
 * The two-factor challenge of one client: one deadline and one poll loop, however many waits
 * (a banner and a page, a remount). The deadline is read on the wall clock, so a throttled
 * background timer or a sleeping laptop cannot stretch it; the loop asks the API at the
 * shortest interval any wait wants, one request at a time, and stops when nobody waits.
 */
export interface TwoFactorChallenge {
  /** Watches `challenge`'s deadline (a new challenge, or one brought forward). */
  arm(challenge: Challenge): void
  /** Ends challenge `id`: every wait gets `outcome`. */
  end(id: number, outcome: Session | PixwelError): void
  /** A wait for challenge `id`, polling every `intervalMs` at most. */
  wait(id: number, intervalMs: number, signal?: AbortSignal): Promise<Session>
}

interface Wait {
  readonly intervalMs: number
  resolve(session: Session): void
  reject(error: PixwelError): void
}

export function createTwoFactorChallenge(hooks: {
  /** A refresh of the held credentials (it joins a request under way). */
  poll(): Promise<unknown>
  /** The deadline of challenge `id` was seen passed at `at`. */
  expired(id: number, at: number): void
  /** The scheduler's delay for a poll every `intervalMs` (slower while the page is hidden). */
  delay(intervalMs: number): number
  /** Calls `listener` when the page is shown again; returns the function that stops it. */
  whenShown(listener: () => void): () => void
}): TwoFactorChallenge {
  let current: Challenge | null = null
  const waits = new Set<Wait>()
  let deadline: ReturnType<typeof setTimeout> | undefined
  let loop: ReturnType<typeof setTimeout> | undefined
  let polling = false
  let unwatchShown: (() => void) | undefined

  /** Reports the deadline if the wall clock has passed it; true if so. */
  function check(challenge: Challenge): boolean {
    const now = Date.now()
    if (now < challenge.expiresAt) return false
    hooks.expired(challenge.id, now)
    return true
  }

  function watch(challenge: Challenge): void {
    clearTimeout(deadline)
    deadline = unref(
      setTimeout(
        () => {
          if (current === challenge && !check(challenge)) watch(challenge)
        },
        Math.min(Math.max(challenge.expiresAt - Date.now(), 0), maxTimeoutMs),
      ),
    )
  }

  /** The next poll, at the shortest interval a wait asks for; none while one is under way. */
  function schedule(): void {
    if (loop !== undefined || polling || waits.size === 0) return
    let every = Infinity
    for (const wait of waits) every = Math.min(every, wait.intervalMs)
    loop = unref(setTimeout(poll, hooks.delay(every)))
  }

  function poll(): void {
    loop = undefined
    const challenge = current
    if (!challenge || waits.size === 0 || check(challenge)) return
    polling = true
    hooks
      .poll()
      .catch(ignore)
      .finally(() => {
        polling = false
        if (current === challenge) schedule()
      })
  }

  /** Back from the mailbox: ask at once, not at the next tick. */
  function pollNow(): void {
    if (polling || waits.size === 0) return
    clearTimeout(loop)
    poll()
  }

  return {
    arm(challenge) {
      current = challenge
      watch(challenge)
      unwatchShown ??= hooks.whenShown(pollNow)
    },
    end(id, outcome) {
      if (current?.id !== id) return
      current = null
      clearTimeout(deadline)
      clearTimeout(loop)
      loop = undefined
      unwatchShown?.()
      unwatchShown = undefined
      const ended = [...waits]
      waits.clear()
      for (const wait of ended) {
        if (outcome instanceof PixwelError) wait.reject(outcome)
        else wait.resolve(outcome as Session)
      }
    },
    wait(id, intervalMs, signal) {
      if (current?.id !== id) {
        return Promise.reject(new PixwelError('aborted', 'The wait for two-factor was cancelled.'))
      }
      return new Promise<Session>((resolve, reject) => {
        let stop: (() => void) | null = null
        const wait: Wait = {
          intervalMs,
          resolve(session) {
            stop?.()
            resolve(session)
          },
          reject(error) {
            stop?.()
            reject(error)
          },
        }
        if (signal) {
          // One wait leaving ends only itself: the challenge and its deadline go on.
          stop = onAbort(signal, () => {
            if (waits.delete(wait)) {
              wait.reject(new PixwelError('aborted', 'The wait for two-factor was cancelled.'))
            }
          })
          if (!stop) {
            reject(new PixwelError('configuration', '`signal` must be an AbortSignal.'))
            return
          }
        }
        waits.add(wait)
        schedule()
      })
    },
  }
}
