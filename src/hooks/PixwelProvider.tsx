import { QueryClient, QueryClientContext, QueryClientProvider } from '@tanstack/react-query'
import { useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { PixwelClient } from '../api/createPixwelClient.js'
import { replaceSession } from './replaceSession.js'
import { PixwelContext, type PixwelContextValue } from './PixwelContext.js'

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

const signedOutMessage = { type: 'signed-out' } as const

/**
 * Provides a {@link PixwelClient} (and a QueryClient) to the hooks. Keeps the cache in step
 * with the client: a sign-out, or a 401 that ends the session, clears the user's data; a
 * sign-out in another tab of the app signs this one out too. Safe to render on the server.
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
  const outer = useContext(QueryClientContext)
  const [own] = useState(() => ((queryClient ?? outer) ? null : new QueryClient()))
  const activeQueryClient = queryClient ?? outer ?? (own as QueryClient)
  const channelRef = useRef<BroadcastChannel | null>(null)

  useEffect(() => {
    const unsubscribe = client.subscribe((event) => {
      if (event.type !== 'signed-out') return
      replaceSession(activeQueryClient, null)
    })
    let channel: BroadcastChannel | null = null
    if (typeof BroadcastChannel !== 'undefined') {
      channel = new BroadcastChannel(`pixwel-react:${client.baseURL}`)
      channel.onmessage = (message: MessageEvent<unknown>) => {
        const data = message.data as { type?: unknown } | null
        if (data?.type === signedOutMessage.type) client.signOut()
      }
    }
    channelRef.current = channel
    return () => {
      unsubscribe()
      channel?.close()
      if (channelRef.current === channel) channelRef.current = null
    }
  }, [client, activeQueryClient])

  const value = useMemo<PixwelContextValue>(
    () => ({
      client,
      broadcastSignOut: () => channelRef.current?.postMessage(signedOutMessage),
    }),
    [client],
  )

  return (
    <QueryClientProvider client={activeQueryClient}>
      <PixwelContext.Provider value={value}>{children}</PixwelContext.Provider>
    </QueryClientProvider>
  )
}
