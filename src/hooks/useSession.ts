import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { Session } from '../schemas/session.js'
import { sessionQueries } from './sessionQueries.js'

/**
 * Where the user stands: no session, a session, or a session that still needs its second
 * factor (two-factor enforced and not verified).
 *
 * @example
 * ```ts
 * const status: SessionStatus = useSession().status
 * ```
 */
export type SessionStatus = 'signed-out' | 'signed-in' | 'two-factor-required'

/**
 * What {@link useSession} returns.
 *
 * @example
 * ```ts
 * const { session, status }: SessionState = useSession()
 * ```
 */
export interface SessionState {
  session: Session | null
  status: SessionStatus
}

/**
 * The signed-in user, from the cache. Re-renders only when the session changes.
 *
 * @example
 * ```tsx
 * function Header() {
 *   const { session, status } = useSession()
 *   if (status === 'signed-out') return <SignIn />
 *   if (status === 'two-factor-required') return <TwoFactorBanner />
 *   return <p>Hello {session?.name}</p>
 * }
 * ```
 */
export function useSession(): SessionState {
  const { data } = useQuery(sessionQueries.current())
  const session = data ?? null
  return useMemo(
    () => ({
      session,
      status: !session
        ? 'signed-out'
        : session.twoFactor.required
          ? 'two-factor-required'
          : 'signed-in',
    }),
    [session],
  )
}
