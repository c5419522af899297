import type { Query, QueryClient } from '@tanstack/react-query'
import { sessionQueries } from './sessionQueries.js'

const sessionRoot = sessionQueries.all()

function isUserData(query: Query): boolean {
  const key = query.queryKey
  return !(key[0] === sessionRoot[0] && key[1] === sessionRoot[1])
}

/**
 * Drops every cached query but the session's, so that nothing of one user is shown to the
 * next: in-flight fetches are cancelled, unobserved queries removed, observed ones reset to
 * empty (removing them would leave mounted components holding the old data). After a sign-in,
 * the observed ones are fetched again with the new user's credentials.
 */
export function forgetUserData(queryClient: QueryClient, { refetch }: { refetch: boolean }): void {
  const cache = queryClient.getQueryCache()
  void queryClient.cancelQueries({ predicate: isUserData }, { revert: false, silent: true })
  for (const query of cache.findAll({ predicate: isUserData })) {
    if (query.getObserversCount() > 0) query.reset()
    else cache.remove(query)
  }
  if (refetch) void queryClient.invalidateQueries({ predicate: isUserData })
}
