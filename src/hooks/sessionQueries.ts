import { queryOptions, skipToken } from '@tanstack/react-query'
import type { Session } from '../schemas/sessionContract.js'

/**
 * Query keys and options of the session, beside each other (TkDodo's query factory). The
 * current session is written by sign-in and sign-out, never fetched: its `queryFn` is
 * `skipToken`, so `invalidateQueries()` cannot sign anyone out by accident.
 *
 * @example
 * ```ts
 * const session = queryClient.getQueryData(sessionQueries.current().queryKey)
 * const { data } = useQuery(sessionQueries.current())
 * ```
 */
export const sessionQueries = {
  all: () => ['pixwel', 'session'] as const,
  current: () =>
    queryOptions<Session | null>({
      queryKey: [...sessionQueries.all(), 'current'] as const,
      queryFn: skipToken,
      staleTime: Infinity,
      gcTime: Infinity,
    }),
}
