import { QueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { createPixwelClient, PixwelProvider, type PixwelClientOptions } from '../../src/index'

export const testBaseURL = 'https://api.pixwel.test/api'

/** A fresh QueryClient (no retries) and PixwelClient per test, and a wrapper for renderHook. */
export function setupPixwel(options: PixwelClientOptions = {}) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  })
  const client = createPixwelClient({ baseURL: testBaseURL, ...options })
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <PixwelProvider client={client} queryClient={queryClient}>
      {children}
    </PixwelProvider>
  )
  return { queryClient, client, wrapper }
}
