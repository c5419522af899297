import { useQuery } from '@tanstack/react-query'
import type { Preferences } from '../schemas/preferences.js'
import type { Session } from '../schemas/session.js'
import { sessionQueries } from './sessionQueries.js'

const selectPreferences = (session: Session | null) => session?.preferences ?? null

/**
 * The signed-in user's preferences (with defaults filled in), or `null` when signed out.
 * Re-renders only when the preferences change.
 *
 * @example
 * ```tsx
 * const preferences = usePreferences()
 * return <Toggle checked={preferences?.mail.enabled ?? false} />
 * ```
 */
export function usePreferences(): Preferences | null {
  return useQuery({ ...sessionQueries.current(), select: selectPreferences }).data ?? null
}
