import type { PixwelSessionSnapshot } from '../api/PixwelSessionSnapshot.js'
import { PixwelError } from '../errors/PixwelError.js'
import { useSession } from './useSession.js'
import { usePixwelClient } from './usePixwelClient.js'

/**
 * What {@link useSuspenseSession} returns: the session, never `restoring`.
 */
export type SettledSessionState = Exclude<PixwelSessionSnapshot, { status: 'restoring' }>

/**
 * {@link useSession} for apps that use `<Suspense>`: suspends while a kept session is being
 * restored, then returns the narrowed session. On the server a client with `persist: 'local'`
 * cannot read the kept session, so this throws a `configuration` error there, React's way of
 * saying "render this boundary in the browser": the server sends the `<Suspense>` fallback,
 * the stream finishes (`renderToPipeableStream`, the App Router), and the browser renders the
 * boundary once the restore settles. React reports that error to the server render's
 * `onError`; it is expected.
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
  if (state.status !== 'restoring') return state
  if (typeof window === 'undefined') {
    throw new PixwelError(
      'configuration',
      'useSuspenseSession: the kept session is restored in the browser, so this <Suspense> boundary renders there (this error on the server is expected).',
    )
  }
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  throw client.whenRestored()
}
