import { useCallback } from 'react'
import { usePixwelClient } from './usePixwelClient.js'

/**
 * A function that signs out: `client.signOut()`, which forgets the credentials, cancels a
 * sign-in in flight and signs out the app's other tabs; the provider then clears the user's
 * cached data.
 *
 * @example
 * ```tsx
 * const signOut = useSignOut()
 * return <button onClick={signOut}>Sign out</button>
 * ```
 */
export function useSignOut(): () => void {
  const client = usePixwelClient()
  return useCallback(() => {
    client.signOut()
  }, [client])
}
