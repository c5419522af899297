import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { useContext, useEffect, useState, type ReactNode } from 'react'
import type { PixwelClientOptions } from '../api/clientOptions.js'
import { createDormantClient, startClient } from '../api/createPixwelClient.js'
import type { PixwelClient } from '../api/PixwelClient.js'
import { PixwelError } from '../errors/PixwelError.js'
import { warmSessionParser } from '../schemas/parseSession.js'
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
 * clients may share a QueryClient: the cache copy is the first-mounted one's. When the
 * browser is idle it warms the session parser ({@link warmSessionParser}), so that the first
 * sign-in parses as fast as later ones. Safe to render on the server.
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
  useEffect(warmWhenIdle, [])

  return (
    <QueryClientProvider client={activeQueryClient}>
      <PixwelContext.Provider value={client}>{children}</PixwelContext.Provider>
    </QueryClientProvider>
  )
}

/**
 * Warms the session parser in the browser's idle time (`requestIdleCallback`, a slice at a
 * time, or short timeouts where there is none, as in Safari), so that it takes no time from
 * rendering or input. Returns the cleanup.
 */
function warmWhenIdle(): () => void {
  const idle = typeof requestIdleCallback === 'function'
  let handle: ReturnType<typeof setTimeout> | number
  const next = (delay: number) => {
    handle = idle ? requestIdleCallback(warm, { timeout: 2000 }) : setTimeout(warm, delay)
  }
  const warm = (deadline?: IdleDeadline) => {
    const until = performance.now() + 8
    if (!warmSessionParser(deadline ?? { timeRemaining: () => until - performance.now() })) next(50)
  }
  next(200)
  return () => {
    if (idle) cancelIdleCallback(handle as number)
    else clearTimeout(handle)
  }
}

/** The keys a Server Component may pass: plain values that cross to the browser. */
const serialisableKeys = [
  'environment',
  'baseURL',
  'timeoutMs',
  'refreshOnFocus',
  'refreshIntervalMs',
  'persist',
  'contract',
  'twoFactorLifetimeMs',
] as const

/**
 * Only the serialisable options, checked at run time too (a JavaScript caller, a cast): a
 * function or a storage object here would not survive the trip from a Server Component.
 */
function plainOptions(options: unknown): PixwelProviderClientOptions {
  const prototype: unknown =
    typeof options === 'object' && options !== null ? Object.getPrototypeOf(options) : undefined
  const plain = prototype === Object.prototype || prototype === null
  const keys = plain ? Object.keys(options as object) : []
  const unknown = keys.filter((key) => !(serialisableKeys as readonly string[]).includes(key))
  const persist = plain ? (options as PixwelProviderClientOptions).persist : undefined
  if (!plain || unknown.length > 0 || (persist !== undefined && typeof persist !== 'string')) {
    throw new PixwelError(
      'configuration',
      `<PixwelProvider options> takes a plain object of ${serialisableKeys.join(', ')} (plain values); pass a \`client\` for the rest.`,
    )
  }
  return options as PixwelProviderClientOptions
}

/**
 * The given client, or one made from `options` (again only when they change). A made client
 * is dormant until the provider's effect starts it, so a render that React throws away (a
 * StrictMode double call, a changed option) leaves nothing running and sends nothing.
 */
function useClientOf(
  given: PixwelClient | undefined,
  options: PixwelProviderClientOptions | undefined,
): PixwelClient | undefined {
  const plain = given || options === undefined ? undefined : plainOptions(options)
  const key = plain === undefined ? null : JSON.stringify(plain)
  const [made, setMade] = useState<{ key: string; client: PixwelClient } | null>(() =>
    key === null || plain === undefined ? null : { key, client: createDormantClient(plain) },
  )
  let current = made
  if (!given && key !== null && plain !== undefined && made?.key !== key) {
    current = { key, client: createDormantClient(plain) }
    setMade(current)
  }
  const owned = given ? undefined : current?.client
  useEffect(() => (owned ? retain(owned) : undefined), [owned])
  return given ?? current?.client
}

/** How many mounted providers use each client they made. */
const holders = new WeakMap<PixwelClient, number>()

/**
 * A provider uses a client it made: the first use starts it; the last one to stop disposes
 * of it, a microtask later, so StrictMode's unmount and mount again keep the same client (and
 * its one restore).
 */
function retain(client: PixwelClient): () => void {
  holders.set(client, (holders.get(client) ?? 0) + 1)
  startClient(client)
  return () => {
    const left = (holders.get(client) ?? 1) - 1
    holders.set(client, left)
    if (left === 0) {
      queueMicrotask(() => {
        if (holders.get(client) === 0) client.dispose()
      })
    }
  }
}

function isPixwelClient(value: unknown): value is PixwelClient {
  if (typeof value !== 'object' || value === null) return false
  const client = value as Partial<Record<keyof PixwelClient, unknown>>
  return typeof client.getSession === 'function' && typeof client.subscribe === 'function'
}
