import type { PixwelClient } from '../api/createPixwelClient.js'
import { usePixwelContext } from './usePixwelContext.js'

/**
 * The {@link PixwelClient} of the nearest {@link PixwelProvider}, for calls the hooks do not
 * wrap (`client.http`).
 *
 * @example
 * ```ts
 * const client = usePixwelClient()
 * const projects = useQuery({ queryKey: ['projects'], queryFn: () => client.http.get('/projects') })
 * ```
 */
export function usePixwelClient(): PixwelClient {
  return usePixwelContext().client
}
