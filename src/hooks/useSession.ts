import { useSyncExternalStore } from 'react'
import type { PixwelSessionSnapshot, PixwelSessionStatus } from '../api/createPixwelClient.js'
import { usePixwelClient } from './usePixwelClient.js'

/**
 * Where the user stands: no session, a session, or a session that still needs its second
 * factor (two-factor enforced and not verified).
 *
 * @example
 * ```ts
 * const status: SessionStatus = useSession().status
 * ```
 */
export type SessionStatus = PixwelSessionStatus

/**
 * What {@link useSession} returns: the client's snapshot. Checking `status` narrows
 * `session`: `null` when signed out, a `Session` otherwise.
 *
 * @example
 * ```ts
 * const state: SessionState = useSession()
 * if (state.status === 'signed-in') state.session.name // Session
 * ```
 */
export type SessionState = PixwelSessionSnapshot

/**
 * The session of the provider's client, read from the client itself
 * (`useSyncExternalStore`): never out of step with the credentials it sends, whatever happens
 * to React Query's cache, and the same in every component of one render (no tearing).
 * Re-renders only when the session changes.
 *
 * @example
 * ```tsx
 * function Header() {
 *   const { session, status } = useSession()
 *   if (status === 'signed-out') return <SignIn />
 *   if (status === 'two-factor-required') return <TwoFactorNotice username={session.username} />
 *   return <p>Hello {session.name}</p>
 * }
 * ```
 */
export function useSession(): SessionState {
  const client = usePixwelClient()
  return useSyncExternalStore(client.subscribe, client.getSession, client.getSession)
}
