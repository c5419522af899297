import { useContext } from 'react'
import type { PixwelClient } from '../api/PixwelClient.js'
import { PixwelError } from '../errors/PixwelError.js'
import { PixwelContext } from './PixwelContext.js'

/**
 * The {@link PixwelClient} of the nearest {@link PixwelProvider}, for calls the hooks do not
 * wrap (`client.http`). Every pixwel-react hook goes through it, so each one outside a provider
 * (a bare `QueryClientProvider` included) throws a `configuration` {@link PixwelError}.
 *
 * @example
 * ```ts
 * const client = usePixwelClient()
 * const projects = useQuery({
 *   queryKey: ['projects'],
 *   // Cache the body, not the whole axios response (whose config is the request's).
 *   queryFn: async () => (await client.http.get<Project[]>('/projects')).data,
 * })
 * ```
 */
export function usePixwelClient(): PixwelClient {
  const client = useContext(PixwelContext)
  if (!client) {
    throw new PixwelError(
      'configuration',
      'pixwel-react hooks must be used inside a <PixwelProvider client={…}>.',
    )
  }
  return client
}
