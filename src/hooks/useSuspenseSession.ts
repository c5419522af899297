import type { PixwelSessionSnapshot } from '../api/createPixwelClient.js'
import { useSession } from './useSession.js'
import { usePixwelClient } from './usePixwelClient.js'

/**
 * What {@link useSuspenseSession} returns: the session, never `restoring`.
 */
export type SettledSessionState = Exclude<PixwelSessionSnapshot, { status: 'restoring' }>

/**
 * {@link useSession} for apps that use `<Suspense>`: suspends while a kept session is being
 * restored, then returns the narrowed session. On the server, a client with `persist: 'local'`
 * stays `restoring`, so this suspends there and the `<Suspense>` fallback is what is sent.
 *
 * @example
 * ```tsx
 * function Header() {
 *   const state = useSuspenseSession() // never 'restoring'
 *   return state.status === 'signed-in' ? <p>Hello {state.session.name}</p> : <SignIn />
 * }
 *
 * <Suspense fallback={<Spinner />}>
 *   <Header />
 * </Suspense>
 * ```
 */
export function useSuspenseSession(): SettledSessionState {
  const client = usePixwelClient()
  const state = useSession()
  // The same promise for the whole restore, so React can wait for it and render again
  // (Suspense's contract in React 18 and 19: a thrown promise).
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (state.status === 'restoring') throw client.whenRestored()
  return state
}
