import { QueryClient } from '@tanstack/react-query'
import type { ComponentType, ReactNode } from 'react'
import type { PixwelClient } from '../api/PixwelClient.js'
import { PixwelProvider } from '../hooks/PixwelProvider.js'

/**
 * Options of {@link createPixwelWrapper}.
 */
export interface PixwelWrapperOptions {
  /** The client the components see (for example from `createSignedInClient`). */
  client: PixwelClient
  /** Default: a new one per wrapper, with retries off (a test wants the first answer). */
  queryClient?: QueryClient
}

/**
 * A wrapper component for Testing Library's `render`/`renderHook` (or any test renderer):
 * `PixwelProvider` with `client` and a QueryClient without retries.
 *
 * @example
 * ```tsx
 * const client = await createSignedInClient({ session: { name: 'Ada' } })
 * render(<Header />, { wrapper: createPixwelWrapper({ client }) })
 * ```
 */
export function createPixwelWrapper(options: PixwelWrapperOptions) {
  const queryClient =
    options.queryClient ??
    new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return function PixwelWrapper({ children }: { children?: ReactNode }) {
    return (
      <PixwelProvider client={options.client} queryClient={queryClient}>
        {children}
      </PixwelProvider>
    )
  }
}

/**
 * A Storybook decorator that renders each story inside `PixwelProvider` with `client` (a
 * fresh QueryClient per story render).
 *
 * @example
 * ```tsx
 * export const SignedIn = {
 *   loaders: [async () => ({ client: await createSignedInClient() })],
 *   decorators: [(Story, { loaded }) => withPixwelClient(loaded.client)(Story)],
 * }
 * ```
 */
export function withPixwelClient(client: PixwelClient) {
  return function decorate(Story: ComponentType) {
    const Wrapper = createPixwelWrapper({ client })
    return (
      <Wrapper>
        <Story />
      </Wrapper>
    )
  }
}
