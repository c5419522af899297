import { mutationOptions } from '@tanstack/react-query'
import type { SealedCredentials } from '../api/sealCredentials.js'
import type { PixwelClient } from '../api/PixwelClient.js'
import type { PixwelError } from '../errors/PixwelError.js'
import type { Session } from '../schemas/sessionContract.js'
import { sessionQueries } from './sessionQueries.js'

/** The client each sign-in was started on, when the hook started it (see `useCreateSession`). */
const startedOn = new WeakMap<SealedCredentials, PixwelClient>()

/**
 * Ties a sign-in to the client it was started on: React Query runs `mutationFn` a tick after
 * `mutate`, with the latest options, so a `client` prop swapped in between (a tenant switch)
 * would otherwise get credentials typed for another API root.
 */
export function bindToClient(credentials: SealedCredentials, client: PixwelClient): void {
  startedOn.set(credentials, client)
}

/**
 * Mutation options for signing in, for apps that compose their own hooks: a mutation over
 * `client.createSession`. The variables are {@link SealedCredentials} (from `sealCredentials`),
 * so no password sits in the mutation cache. The client decides what concurrent sign-ins do
 * (the same credentials join the pending request; others replace it, whose caller gets
 * `aborted`). The mutation writes nothing into the cache itself: the session reaches
 * `useSession()` and `sessionQueries.current()` through the client, which
 * {@link PixwelProvider} mirrors. Never retried.
 *
 * @example
 * ```ts
 * const signIn = useMutation({
 *   ...createSessionMutationOptions(client),
 *   onSuccess: (session) => navigate(session.twoFactor.required ? '/2fa' : '/'),
 * })
 * signIn.mutate(sealCredentials({ username, password }))
 * ```
 */
export function createSessionMutationOptions(client: PixwelClient) {
  return mutationOptions<Session, PixwelError, SealedCredentials>({
    mutationKey: [...sessionQueries.all(), 'create'],
    retry: false,
    // Offline must fail fast as a `network` error, not pause a login form forever.
    networkMode: 'always',
    mutationFn: (credentials) => (startedOn.get(credentials) ?? client).createSession(credentials),
  })
}
