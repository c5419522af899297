import type { Query, QueryClient } from '@tanstack/react-query'
import type { Session } from '../schemas/session.js'
import { sessionQueries } from './sessionQueries.js'

const sessionRoot = sessionQueries.all()

function isUserData(query: Query): boolean {
  const key = query.queryKey
  return !(key[0] === sessionRoot[0] && key[1] === sessionRoot[1])
}

/**
 * Swaps the cached session for `session` (or `null` on sign-out), after dropping every other
 * cached query, so that nothing of one user is ever shown beside the next user's session:
 * in-flight fetches are cancelled, unobserved queries removed, observed ones reset to empty
 * (removing them would leave mounted components holding the old data). After a sign-in, the
 * observed ones are fetched again with the new user's credentials.
 */
export function replaceSession(queryClient: QueryClient, session: Session | null): void {
  const cache = queryClient.getQueryCache()
  void queryClient.cancelQueries({ predicate: isUserData }, { revert: false, silent: true })
  for (const query of cache.findAll({ predicate: isUserData })) {
    if (query.getObserversCount() > 0) query.reset()
    else cache.remove(query)
  }
  queryClient.setQueryData(sessionQueries.current().queryKey, session)
  if (session) void queryClient.invalidateQueries({ predicate: isUserData })
}
