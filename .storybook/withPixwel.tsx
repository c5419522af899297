import { QueryClient } from '@tanstack/react-query'
import type { Decorator, Loader } from '@storybook/react-vite'
import { useState, type ReactNode } from 'react'
import {
  createPixwelClient,
  PixwelProvider,
  type PixwelClient,
  type SessionResponse,
} from '../src/index.js'
import { createSignedInClient } from '../src/testing/index.js'
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
  /** A `POST /session` body the story's client signs in with: the story starts signed in. */
  session?: SessionResponse
  /** The client's request timeout (default the library's, 15 s). */
  timeoutMs?: number
  /** Makes the story's client itself (a kept token, a two-factor sign-in…), instead of the above. */
  client?: () => PixwelClient | Promise<PixwelClient>
}

declare module 'storybook/internal/csf' {
  interface Parameters {
    pixwel?: PixwelParameters
  }
}

/**
 * Makes each story's client before it renders: signed in through the client's own sign-in
 * (the test kit's `createSignedInClient`) when `parameters.pixwel.session` says so, so the
 * client holds credentials exactly when the story shows a user.
 *
 * @example
 * ```ts
 * const preview: Preview = { loaders: [pixwelLoader], decorators: [withPixwel] }
 * ```
 */
export const pixwelLoader: Loader = async (context) => {
  const parameters: PixwelParameters = context.parameters.pixwel ?? {}
  const timeout = parameters.timeoutMs === undefined ? {} : { timeoutMs: parameters.timeoutMs }
  const pixwelClient = parameters.client
    ? await parameters.client()
    : parameters.session
      ? await createSignedInClient({ baseURL: storyBaseURL, body: parameters.session, ...timeout })
      : createPixwelClient({ baseURL: storyBaseURL, ...timeout })
  return { pixwelClient }
}

function PixwelStoryProvider({ client, children }: { client: PixwelClient; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
      }),
  )
  return (
    <PixwelProvider client={client} queryClient={queryClient}>
      {children}
    </PixwelProvider>
  )
}

/**
 * Gives every story a fresh `QueryClient` (no retries) and the `PixwelClient` that
 * {@link pixwelLoader} made for it on {@link storyBaseURL}.
 *
 * @example
 * ```ts
 * const preview: Preview = { loaders: [pixwelLoader], decorators: [withPixwel] }
 * ```
 */
export const withPixwel: Decorator = (Story, context) => {
  const loaded = context.loaded as { pixwelClient?: PixwelClient }
  const client = loaded.pixwelClient ?? createPixwelClient({ baseURL: storyBaseURL })
  return (
    // Keyed by story: moving to another story, or remounting one, starts from a clean cache.
    <PixwelStoryProvider key={context.id} client={client}>
      <Story />
    </PixwelStoryProvider>
  )
}
