import { useEffect, useState } from 'react'
import { usePixwelClient } from './usePixwelClient.js'

/** What {@link useIdleWarning} returns while the idle sign-out is near. */
export interface IdleWarning {
  /** When the client signs out (epoch ms, wall clock). */
  readonly signOutAt: number
  /** How long until then, in ms: counts down, updated as each whole second passes; never below 0. */
  readonly msLeft: number
}

/**
 * The idle sign-out's warning (`idle: pixwelIdle({ timeoutMs, warningMs })`): `null`, or, from
 * `warningMs` before the sign-out until activity in any tab puts it off or the session ends,
 * when it happens and the time left, re-rendering as each whole second of it passes. `null`
 * on the server and without `pixwelIdle`. It hears the warnings that begin while it is
 * mounted: render it where signed-in users always have it (the app's layout).
 *
 * @example
 * ```tsx
 * function IdleBanner() {
 *   const warning = useIdleWarning()
 *   if (!warning) return null
 *   return <p role="alert">You’ll be signed out in {Math.ceil(warning.msLeft / 1000)} s.</p>
 * }
 * ```
 */
export function useIdleWarning(): IdleWarning | null {
  const client = usePixwelClient()
  const [warning, setWarning] = useState<IdleWarning | null>(null)

  useEffect(() => {
    const stop = client.subscribe((event) => {
      if (event.type === 'idle-warning') {
        const { signOutAt, msLeft } = event
        setWarning(signOutAt === null || msLeft === null ? null : { signOutAt, msLeft })
      } else if (event.type === 'signed-out' || event.type === 'signed-in') {
        // The session the warning was about has ended (or another one began).
        setWarning(null)
      }
    })
    return () => {
      stop()
      // Another client's warning is not this one's.
      setWarning(null)
    }
  }, [client])

  const signOutAt = warning?.signOutAt
  useEffect(() => {
    if (signOutAt === undefined) return
    let timer: ReturnType<typeof setTimeout> | undefined
    // Each tick lands as a whole second of the time left passes ("in 59 s", "in 58 s"…).
    const tick = () => {
      const msLeft = Math.max(0, signOutAt - Date.now())
      setWarning((current) =>
        current?.signOutAt !== signOutAt || current.msLeft === msLeft
          ? current
          : { signOutAt, msLeft },
      )
      if (msLeft > 0) timer = setTimeout(tick, msLeft % 1_000 || 1_000)
    }
    tick()
    return () => clearTimeout(timer)
  }, [signOutAt])

  return warning
}
