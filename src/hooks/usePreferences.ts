import { useCallback, useSyncExternalStore } from 'react'
import type { Preferences } from '../schemas/sessionContract.js'
import { usePixwelClient } from './usePixwelClient.js'

/**
 * The signed-in user's preferences (with defaults filled in), or `null` when signed out.
 * Reads the provider's client, like {@link useSession}; re-renders only when the preferences
 * change.
 *
 * @example
 * ```tsx
 * const preferences = usePreferences()
 * return <Toggle checked={preferences?.mail.enabled ?? false} />
 * ```
 */
export function usePreferences(): Preferences | null {
  const client = usePixwelClient()
  const preferences = useCallback(() => client.getSession().session?.preferences ?? null, [client])
  const serverPreferences = useCallback(
    () => client.getServerSession().session?.preferences ?? null,
    [client],
  )
  return useSyncExternalStore(client.subscribe, preferences, serverPreferences)
}
