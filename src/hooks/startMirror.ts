import type { Query, QueryClient } from '@tanstack/react-query'
import type { PixwelClient } from '../api/PixwelClient.js'
import type { PixwelSessionSnapshot } from '../api/PixwelSessionSnapshot.js'
import { sessionQueries } from './sessionQueries.js'

const sessionRoot = sessionQueries.all()

function isUserData(query: Query): boolean {
  const key = query.queryKey
  return !(key[0] === sessionRoot[0] && key[1] === sessionRoot[1])
}

/** What one QueryClient's mirror knows: the providers' clients, and whose user it holds. */
interface Mirror {
  /** Mounted providers' clients, in mount order, with how many providers each. */
  clients: Map<PixwelClient, number>
  /** The client and user whose data the cache holds; `undefined` before the first write. */
  held?: { client: PixwelClient; user: string | null }
}

const mirrors = new WeakMap<QueryClient, Mirror>()

function mirrorOf(queryClient: QueryClient): Mirror {
  let mirror = mirrors.get(queryClient)
  if (!mirror) {
    mirror = { clients: new Map() }
    mirrors.set(queryClient, mirror)
  }
  return mirror
}

/**
 * Starts mirroring `client`'s session into `queryClient` under `sessionQueries.current()`, and
 * returns the function that stops it. Providers of different clients may share a QueryClient:
 * the first one mounted is the one mirrored (and whose user change drops the cached data); the
 * others are read with `useSession()` only, so they never wipe each other's data. The only
 * code that writes the session into the cache.
 */
export function startMirror(queryClient: QueryClient, client: PixwelClient): () => void {
  const mirror = mirrorOf(queryClient)
  mirror.clients.set(client, (mirror.clients.get(client) ?? 0) + 1)
  const sync = () => {
    const primary = mirror.clients.keys().next().value
    if (primary) writeSession(queryClient, mirror, primary, primary.getSession())
  }
  sync()
  const unsubscribe = client.subscribe(sync)
  const mutations = queryClient.getMutationCache().subscribe((event) => {
    // A sign-in that settled after its user was signed out (an `onSuccess` that signs out, a
    // swapped client prop) must not keep that user's session in the mutation cache.
    const mutation = event.mutation
    if (event.type !== 'updated' || mutation?.state.status !== 'success') return
    const key = mutation.options.mutationKey
    if (key?.[0] !== sessionRoot[0] || key[1] !== sessionRoot[1]) return
    const data: unknown = mutation.state.data
    if (![...mirror.clients.keys()].some((each) => each.getSession().session === data)) {
      queueMicrotask(() => queryClient.getMutationCache().remove(mutation))
    }
  })
  return () => {
    unsubscribe()
    mutations()
    const count = (mirror.clients.get(client) ?? 1) - 1
    if (count > 0) mirror.clients.set(client, count)
    else mirror.clients.delete(client)
    sync()
  }
}

/**
 * Writes `snapshot` as the cached session. When the user changes (a sign-in of someone else, a
 * sign-out, another client), everything else cached is dropped first, so that nothing of one
 * user is ever shown beside the next user's session: in-flight fetches are cancelled,
 * unobserved queries removed, observed ones reset to empty (removing them would leave mounted
 * components holding the old data), and finished sign-in mutations, which hold the previous
 * session, removed. After a sign-in, observed queries are fetched again with the new user's
 * credentials.
 */
function writeSession(
  queryClient: QueryClient,
  mirror: Mirror,
  client: PixwelClient,
  snapshot: PixwelSessionSnapshot,
): void {
  const user = snapshot.session?.id ?? null
  const userChanged =
    mirror.held !== undefined && (mirror.held.client !== client || mirror.held.user !== user)
  mirror.held = { client, user }
  const key = sessionQueries.current().queryKey
  if (userChanged) dropUserData(queryClient)
  if (queryClient.getQueryData(key) !== snapshot.session) {
    queryClient.setQueryData(key, snapshot.session)
  }
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
