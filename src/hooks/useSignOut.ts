import { useCallback } from 'react'
import { usePixwelContext } from './usePixwelContext.js'

/**
 * A function that signs out: forgets the credentials, cancels a sign-in in flight, clears the
 * user's cached data and signs out the app's other tabs.
 *
 * @example
 * ```tsx
 * const signOut = useSignOut()
 * return <button onClick={signOut}>Sign out</button>
 * ```
 */
export function useSignOut(): () => void {
  const { client, broadcastSignOut } = usePixwelContext()
  return useCallback(() => {
    client.signOut()
    broadcastSignOut()
  }, [client, broadcastSignOut])
}
