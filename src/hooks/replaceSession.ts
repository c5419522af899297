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
 * (removing them would leave mounted components holding the old data), and finished sign-in
 * mutations, which hold the previous session, are removed. After a sign-in, the observed
 * queries are fetched again with the new user's credentials.
 */
export function replaceSession(queryClient: QueryClient, session: Session | null): void {
  const cache = queryClient.getQueryCache()
  void queryClient.cancelQueries({ predicate: isUserData }, { revert: false, silent: true })
  for (const query of cache.findAll({ predicate: isUserData })) {
    if (query.getObserversCount() > 0) query.reset()
    else cache.remove(query)
  }
  // Finished sign-ins keep their Session as `data` (useMutationState, dehydrate) for gcTime.
  const mutations = queryClient.getMutationCache()
  for (const mutation of mutations.findAll({ mutationKey: sessionRoot })) {
    if (mutation.state.status !== 'pending') mutations.remove(mutation)
  }
  queryClient.setQueryData(sessionQueries.current().queryKey, session)
  if (session) void queryClient.invalidateQueries({ predicate: isUserData })
}
