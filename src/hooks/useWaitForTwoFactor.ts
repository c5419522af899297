import { useEffect, useState } from 'react'
import type { WaitForTwoFactorOptions } from '../api/clientOptions.js'
import { isPixwelError, PixwelError } from '../errors/PixwelError.js'
import { usePixwelClient } from './usePixwelClient.js'
import { useSession } from './useSession.js'

/**
 * What {@link useWaitForTwoFactor} returns.
 */
export interface WaitForTwoFactorState {
  /** The status is `two-factor-required` and the client is asking whether the link was opened. */
  waiting: boolean
  /** When the link expires (epoch ms), while waiting; `null` otherwise. */
  expiresAt: number | null
  /**
   * Why the wait ended without a verified session: `timeout` when the link expired (the
   * snapshot then says `two-factor-expired`), or what made a wait fail.
   */
  error: PixwelError | null
}

/**
 * Runs `client.waitForTwoFactor()` while the session is `two-factor-required`: once the user
 * opens the link Pixwel emailed, `useSession()` becomes `signed-in` by itself. Every wait of
 * one sign-in (this hook in several components, a remount) shares the client's one challenge:
 * one poll loop and one deadline, `expiresAt`, which nothing restarts. At `expiresAt` the user
 * is signed out and `error.kind` is `timeout`. Stops waiting when the component unmounts.
 *
 * @example
 * ```tsx
 * function CheckYourEmail() {
 *   const { error, expiresAt } = useWaitForTwoFactor()
 *   if (error?.kind === 'timeout') return <p>The link expired: please sign in again.</p>
 *   const minutes = expiresAt ? Math.ceil((expiresAt - Date.now()) / 60_000) : 0
 *   return <p>We emailed you a link: open it within {minutes} min to finish signing in.</p>
 * }
 * ```
 */
export function useWaitForTwoFactor(
  options?: Omit<WaitForTwoFactorOptions, 'signal'>,
): WaitForTwoFactorState {
  const client = usePixwelClient()
  const state = useSession()
  const [failed, setFailed] = useState<{ error: PixwelError; for: number } | null>(null)
  // Bumped when a wait was ended by a newer sign-in: wait again, for the new challenge (whose
  // deadline may be the same millisecond as the last one's).
  const [round, setRound] = useState(0)
  const intervalMs = options?.intervalMs
  const timeoutMs = options?.timeoutMs
  const expiresAt = state.status === 'two-factor-required' ? state.expiresAt : null
  // One wait per challenge: a session that changes during the wait (its queue moved) does not
  // restart it; a new sign-in (a new challenge, a new deadline) does.
  const challenge = expiresAt

  useEffect(() => {
    if (challenge === null) return
    const controller = new AbortController()
    const startedFor = Date.now()
    client
      .waitForTwoFactor({
        signal: controller.signal,
        ...(intervalMs === undefined ? {} : { intervalMs }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      })
      .then(
        () => {
          setFailed(null)
        },
        (failure: unknown) => {
          // Ended by this effect's cleanup, or by a newer sign-in: not this user's error.
          if (controller.signal.aborted) return
          const error = isPixwelError(failure)
            ? failure
            : new PixwelError('network', 'The wait for two-factor failed.')
          if (error.kind !== 'aborted') setFailed({ error, for: startedFor })
          else if (client.getSession().status === 'two-factor-required') setRound((n) => n + 1)
        },
      )
    return () => {
      controller.abort()
    }
  }, [client, challenge, round, intervalMs, timeoutMs])

  if (state.status === 'signed-out' && state.reason === 'two-factor-expired') {
    return { waiting: false, expiresAt: null, error: state.error }
  }
  const waiting = expiresAt !== null
  return { waiting, expiresAt, error: waiting ? null : (failed?.error ?? null) }
}
