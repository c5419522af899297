import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { useContext, useEffect, useState, type ReactNode } from 'react'
import type { PixwelClientOptions } from '../api/clientOptions.js'
import type { PixwelClient } from '../api/PixwelClient.js'
import { PixwelError } from '../errors/PixwelError.js'
import { clientForOptions, retainClient } from './providerClients.js'
import { startMirror } from './startMirror.js'
import { PixwelContext } from './PixwelContext.js'

/**
 * Props of {@link PixwelProvider}.
 */
export type PixwelProviderProps = {
  /** The app's QueryClient. Default: the one of an enclosing QueryClientProvider, else a new one. */
  queryClient?: QueryClient
  children?: ReactNode
} & (
  | { client: PixwelClient; options?: never }
  | {
      /**
       * Plain, serialisable client options instead of a client, for a provider rendered by a
       * React Server Component (Next.js `app/layout.tsx`): the provider makes the client in
       * the browser, once (again only if the options change), and owns it: it disposes of it
       * when no provider uses it any more (an unmount, changed options), StrictMode-safe.
       */
      options: PixwelProviderClientOptions
      client?: never
    }
)

/**
 * The client options a Server Component can pass to {@link PixwelProvider}: only values that
 * cross the server/client boundary (no functions, no storage object).
 *
 * @example
 * ```tsx
 * <PixwelProvider options={{ environment: 'staging', persist: 'local' }}>{children}</PixwelProvider>
 * ```
 */
export type PixwelProviderClientOptions = Pick<
  PixwelClientOptions,
  | 'environment'
  | 'baseURL'
  | 'timeoutMs'
  | 'refreshOnFocus'
  | 'refreshIntervalMs'
  | 'contract'
  | 'twoFactorLifetimeMs'
> & { persist?: 'local' | 'session' }

/**
 * Provides a {@link PixwelClient} (and a QueryClient) to the hooks. The hooks read the
 * session from the client; the provider's one subscription mirrors it into React Query's
 * cache under `sessionQueries.current()`, for apps that read it there, and drops the previous
 * user's cached data when the user changes (or the `client` prop does). Providers of different
 * clients may share a QueryClient: the cache copy is the first-mounted one's. It does not warm
 * the session parser: an app that wants its first sign-in parsed at warm speed calls
 * `warmSessionParser()` itself, when the browser is idle (so apps that don't ship nothing of
 * it). Safe to render on the server.
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
export function PixwelProvider({
  client: given,
  options,
  queryClient,
  children,
}: PixwelProviderProps) {
  const client = useClientOf(given, options)
  if (!isPixwelClient(client)) {
    throw new PixwelError(
      'configuration',
      '<PixwelProvider> needs a `client` made by createPixwelClient(), or `options` for one.',
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

/**
 * The given client, or the one made for `options` (the same one while they are equal). A
 * made client is dormant until a provider's effect starts it, so a render that React throws
 * away (a StrictMode double call, a changed option) sends nothing.
 */
function useClientOf(
  given: PixwelClient | undefined,
  options: PixwelProviderClientOptions | undefined,
): PixwelClient | undefined {
  const made = given || options === undefined ? undefined : clientForOptions(options)
  useEffect(() => (made ? retainClient(made) : undefined), [made])
  return given ?? made
}

function isPixwelClient(value: unknown): value is PixwelClient {
  if (typeof value !== 'object' || value === null) return false
  const client = value as Partial<Record<keyof PixwelClient, unknown>>
  return typeof client.getSession === 'function' && typeof client.subscribe === 'function'
}
