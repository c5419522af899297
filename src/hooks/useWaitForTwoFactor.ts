import { useEffect, useState } from 'react'
import type { WaitForTwoFactorOptions } from '../api/createPixwelClient.js'
import { isPixwelError, PixwelError } from '../errors/PixwelError.js'
import { usePixwelClient } from './usePixwelClient.js'
import { useSession } from './useSession.js'

/**
 * What {@link useWaitForTwoFactor} returns.
 */
export interface WaitForTwoFactorState {
  /** The status is `two-factor-required` and the client is asking whether the link was opened. */
  waiting: boolean
  /** Why the last wait ended without a verified session: `timeout` when the link expired. */
  error: PixwelError | null
}

/**
 * Runs `client.waitForTwoFactor()` while the session is `two-factor-required`: once the user
 * opens the link Pixwel emailed, `useSession()` becomes `signed-in` by itself. After the
 * link's lifetime (`timeoutMs`, 10 minutes) the user is signed out and `error.kind` is
 * `timeout`. Stops when the component unmounts.
 *
 * @example
 * ```tsx
 * function CheckYourEmail() {
 *   const { error } = useWaitForTwoFactor()
 *   if (error?.kind === 'timeout') return <p>The link expired: please sign in again.</p>
 *   return <p>We emailed you a link: open it to finish signing in.</p>
 * }
 * ```
 */
export function useWaitForTwoFactor(
  options?: Omit<WaitForTwoFactorOptions, 'signal'>,
): WaitForTwoFactorState {
  const client = usePixwelClient()
  const { status, session } = useSession()
  // The error of a wait, with the two-factor session it waited for: a new sign-in's wait does
  // not show the last one's expiry.
  const [failed, setFailed] = useState<{ error: PixwelError; for: unknown } | null>(null)
  const intervalMs = options?.intervalMs
  const timeoutMs = options?.timeoutMs
  const waiting = status === 'two-factor-required'

  const waitedFor = waiting ? session : null
  useEffect(() => {
    if (!waiting) return
    const controller = new AbortController()
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
          if (controller.signal.aborted) return
          setFailed({
            error: isPixwelError(failure)
              ? failure
              : new PixwelError('network', 'The wait for two-factor failed.'),
            for: waitedFor,
          })
        },
      )
    return () => {
      controller.abort()
    }
  }, [client, waiting, waitedFor, intervalMs, timeoutMs])

  const stale = failed !== null && waiting && failed.for !== session
  return { waiting, error: stale ? null : (failed?.error ?? null) }
}
