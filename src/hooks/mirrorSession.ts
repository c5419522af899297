import type { Query, QueryClient } from '@tanstack/react-query'
import type { PixwelClient, PixwelSessionSnapshot } from '../api/createPixwelClient.js'
import { sessionQueries } from './sessionQueries.js'

const sessionRoot = sessionQueries.all()

function isUserData(query: Query): boolean {
  const key = query.queryKey
  return !(key[0] === sessionRoot[0] && key[1] === sessionRoot[1])
}

/** Which client's session each QueryClient's copy holds. */
const owners = new WeakMap<QueryClient, PixwelClient>()

/**
 * Mirrors `client`'s snapshot into `queryClient` under `sessionQueries.current()`. When the user
 * changes (a sign-in of someone else, a sign-out, another client), everything else cached is
 * dropped first, so that nothing of one user is ever shown beside the next user's session:
 * in-flight fetches are cancelled, unobserved queries removed, observed ones reset to empty
 * (removing them would leave mounted components holding the old data), and finished sign-in
 * mutations, which hold the previous session, removed. After a sign-in, observed queries are
 * fetched again with the new user's credentials. The only code that writes the session into
 * the cache.
 */
export function mirrorSession(
  queryClient: QueryClient,
  client: PixwelClient,
  snapshot: PixwelSessionSnapshot,
): void {
  const key = sessionQueries.current().queryKey
  const cached = queryClient.getQueryData(key)
  const owner = owners.get(queryClient)
  if (owner === client && cached === snapshot.session) return
  // The cached data belongs to whoever the cached session names (nobody: `null`); a copy that
  // was never written (`undefined`: a new or cleared cache) names nobody to protect.
  const userChanged =
    (owner !== undefined && owner !== client) ||
    (cached !== undefined && (cached?.id ?? null) !== (snapshot.session?.id ?? null))
  owners.set(queryClient, client)
  if (userChanged) dropUserData(queryClient)
  queryClient.setQueryData(key, snapshot.session)
  if (userChanged && snapshot.session) {
    void queryClient.invalidateQueries({ predicate: isUserData })
  }
}

function dropUserData(queryClient: QueryClient): void {
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
}
