import { mutationOptions } from '@tanstack/react-query'
import type { SealedCredentials } from '../api/credentials.js'
import type { PixwelClient } from '../api/createPixwelClient.js'
import type { PixwelError } from '../errors/PixwelError.js'
import type { Session } from '../schemas/session.js'
import { replaceSession } from './replaceSession.js'
import { sessionQueries } from './sessionQueries.js'

const inFlight = new WeakMap<PixwelClient, Promise<Session>>()

/**
 * Mutation options for signing in, for apps that compose their own hooks. The variables are
 * {@link SealedCredentials} (from `sealCredentials`), so no password sits in the mutation
 * cache. While one sign-in is in flight for a client, another joins it instead of sending a
 * second request. On success the previous user's cached data is dropped and the session is
 * written under `sessionQueries.current()`. Never retried.
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
    mutationFn: (credentials, { client: queryClient }) => {
      const pending = inFlight.get(client)
      if (pending) return pending
      const request = client
        .createSession(credentials)
        .then((session) => {
          replaceSession(queryClient, session)
          return session
        })
        .finally(() => inFlight.delete(client))
      inFlight.set(client, request)
      return request
    },
  })
}
