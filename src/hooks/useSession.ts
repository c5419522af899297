import { useSyncExternalStore } from 'react'
import type { PixwelSessionSnapshot, PixwelSessionStatus } from '../api/PixwelSessionSnapshot.js'
import { usePixwelClient } from './usePixwelClient.js'

/**
 * Where the user stands: no session, a kept session being restored, a session, or a session
 * that still needs its second factor (two-factor enforced and not verified).
 */
export type SessionStatus = PixwelSessionStatus

/**
 * What {@link useSession} returns: the client's snapshot. Checking `status` narrows
 * `session`: `null` when signed out or restoring, a `Session` otherwise.
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
 * Re-renders only when the session changes. With `persist`, the first render of a page whose
 * storage holds a token is `restoring`, never `signed-out`.
 *
 * @example
 * ```tsx
 * function Header() {
 *   const state = useSession()
 *   if (state.status === 'restoring') return <Spinner />
 *   if (state.status === 'signed-out') return <SignIn />
 *   if (state.status === 'two-factor-required') return <CheckYourEmail />
 *   return <p>Hello {state.session.name}</p>
 * }
 * ```
 */
export function useSession(): SessionState {
  const client = usePixwelClient()
  return useSyncExternalStore(client.subscribe, client.getSession, client.getServerSession)
}
