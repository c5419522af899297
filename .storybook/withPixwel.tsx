import { QueryClient } from '@tanstack/react-query'
import type { Decorator } from '@storybook/react-vite'
import { useState, type ReactNode } from 'react'
import {
  createPixwelClient,
  parseSession,
  PixwelProvider,
  sessionQueries,
  type SessionResponse,
} from '../src/index.js'
import { storyBaseURL } from '../stories/support/storyBaseURL.js'

/**
 * What a story tells {@link withPixwel}: `parameters.pixwel`.
 *
 * @example
 * ```ts
 * parameters: { pixwel: { session: buildSessionResponse({ name: 'Ada Example' }) } }
 * ```
 */
export interface PixwelParameters {
  /** A `POST /session` body to put in the cache (through `parseSession`): the story starts signed in. */
  session?: SessionResponse
  /** The client's request timeout (default the library's, 15 s). */
  timeoutMs?: number
}

declare module 'storybook/internal/csf' {
  interface Parameters {
    pixwel?: PixwelParameters
  }
}

function PixwelStoryProvider({
  parameters,
  children,
}: {
  parameters: PixwelParameters
  children: ReactNode
}) {
  const [{ client, queryClient }] = useState(() => {
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
    })
    const client = createPixwelClient({
      baseURL: storyBaseURL,
      ...(parameters.timeoutMs === undefined ? {} : { timeoutMs: parameters.timeoutMs }),
    })
    if (parameters.session) {
      queryClient.setQueryData(sessionQueries.current().queryKey, parseSession(parameters.session))
    }
    return { client, queryClient }
  })
  return (
    <PixwelProvider client={client} queryClient={queryClient}>
      {children}
    </PixwelProvider>
  )
}

/**
 * Gives every story a fresh `QueryClient` (no retries) and `PixwelClient` on
 * {@link storyBaseURL}, signed in when `parameters.pixwel.session` says so.
 *
 * @example
 * ```ts
 * const preview: Preview = { decorators: [withPixwel] }
 * ```
 */
export const withPixwel: Decorator = (Story, context) => (
  // Keyed by story: moving to another story, or remounting one, starts from a clean cache.
  <PixwelStoryProvider key={context.id} parameters={context.parameters.pixwel ?? {}}>
    <Story />
  </PixwelStoryProvider>
)
