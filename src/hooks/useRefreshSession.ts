import { useMutation, type UseMutationResult } from '@tanstack/react-query'
import type { PixwelError } from '../errors/PixwelError.js'
import type { Session } from '../schemas/sessionContract.js'
import { sessionQueries } from './sessionQueries.js'
import { usePixwelClient } from './usePixwelClient.js'

/**
 * A mutation over `client.refreshSession()`, for a "Refresh" button: `POST /session` again with
 * the held credentials. `useSession()` re-renders only if the session really changed. Its
 * failures (`unauthorized` while signed out, `network`…) are the mutation's `error`, never an
 * unhandled rejection; a 401 signs the user out by itself.
 *
 * @example
 * ```tsx
 * function RefreshButton() {
 *   const refresh = useRefreshSession()
 *   return (
 *     <button onClick={() => refresh.mutate()} disabled={refresh.isPending}>
 *       Refresh session
 *     </button>
 *   )
 * }
 * ```
 */
// `void`: the mutation takes no variables (`refresh.mutate()`), as TanStack Query spells it.
export function useRefreshSession(): UseMutationResult<Session, PixwelError, void> {
  const client = usePixwelClient()
  return useMutation<Session, PixwelError>({
    mutationKey: [...sessionQueries.all(), 'refresh'],
    mutationFn: () => client.refreshSession(),
  })
}
