import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { useContext, useEffect, useState, type ReactNode } from 'react'
import type { PixwelClient } from '../api/createPixwelClient.js'
import { PixwelError } from '../errors/PixwelError.js'
import { startMirror } from './mirrorSession.js'
import { PixwelContext } from './PixwelContext.js'

/**
 * Props of {@link PixwelProvider}.
 *
 * @example
 * ```tsx
 * const props: PixwelProviderProps = { client, children: <App /> }
 * ```
 */
export interface PixwelProviderProps {
  client: PixwelClient
  /** The app's QueryClient. Default: the one of an enclosing QueryClientProvider, else a new one. */
  queryClient?: QueryClient
  children?: ReactNode
}

/**
 * Provides a {@link PixwelClient} (and a QueryClient) to the hooks. The hooks read the
 * session from the client; the provider's one subscription mirrors it into React Query's
 * cache under `sessionQueries.current()`, for apps that read it there, and drops the previous
 * user's cached data when the user changes (or the `client` prop does). Providers of different
 * clients may share a QueryClient: the cache copy is the first-mounted one's. Safe to render
 * on the server.
 *
 * @example
 * ```tsx
 * const client = createPixwelClient({ environment: 'staging' })
 *
 * createRoot(root).render(
 *   <PixwelProvider client={client}>
 *     <App />
 *   </PixwelProvider>,
 * )
 * ```
 */
export function PixwelProvider({ client, queryClient, children }: PixwelProviderProps) {
  if (!isPixwelClient(client)) {
    throw new PixwelError(
      'configuration',
      '<PixwelProvider> needs a `client` made by createPixwelClient().',
    )
  }
  const outer = useContext(QueryClientContext)
  // Made once, used only while neither a prop nor an enclosing provider gives one.
  const [own] = useState(() => new QueryClient())
  const activeQueryClient = queryClient ?? outer ?? own

  useEffect(() => startMirror(activeQueryClient, client), [client, activeQueryClient])

  return (
    <QueryClientProvider client={activeQueryClient}>
      <PixwelContext.Provider value={client}>{children}</PixwelContext.Provider>
    </QueryClientProvider>
  )
}

function isPixwelClient(value: unknown): value is PixwelClient {
  if (typeof value !== 'object' || value === null) return false
  const client = value as Partial<Record<keyof PixwelClient, unknown>>
  return typeof client.getSession === 'function' && typeof client.subscribe === 'function'
}
