import { useEffect, useState, useSyncExternalStore } from 'react'
import { idleWarnings } from '../api/idleWarnings.js'
import { usePixwelClient } from './usePixwelClient.js'

/** What {@link useIdleWarning} returns while the idle sign-out is near. */
export interface IdleWarning {
  /** When the client signs out (epoch ms, wall clock). */
  readonly signOutAt: number
  /** How long until then, in ms: counts down as each whole second passes; never below 0. */
  readonly msLeft: number
}

/**
 * The idle sign-out's warning (`idle: pixwelIdle({ timeoutMs, warningMs })`): `null`, or, from
 * `warningMs` before the sign-out until activity in any tab puts it off or the session ends,
 * when it happens and the time left, re-rendering as each whole second of it passes. `null`
 * on the server and without `pixwelIdle`.
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
  // The warning kept on the client's snapshot: one frozen object per warning, so a component
  // mounted during one shows it, and every component of a render shows the same.
  const warned = useSyncExternalStore(
    client.subscribe,
    () => idleWarnings.get(client.getSession()) ?? null,
    () => null,
  )
  const [ticked, setTicked] = useState<IdleWarning | null>(null)

  const signOutAt = warned?.signOutAt
  useEffect(() => {
    if (signOutAt === undefined) return
    let timer: ReturnType<typeof setTimeout> | undefined
    // Each tick lands as a whole second of the time left passes ("in 59 s", "in 58 s"…).
    const tick = () => {
      const msLeft = Math.max(0, signOutAt - Date.now())
      setTicked((current) =>
        current?.signOutAt === signOutAt && current.msLeft === msLeft
          ? current
          : { signOutAt, msLeft },
      )
      if (msLeft > 0) timer = setTimeout(tick, msLeft % 1_000 || 1_000)
    }
    tick()
    return () => clearTimeout(timer)
  }, [signOutAt])

  if (!warned) return null
  return ticked?.signOutAt === warned.signOutAt ? ticked : warned
}
