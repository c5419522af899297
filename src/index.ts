// The hooks entry: everything of `pixwel-react/core`, and the React bindings ('use client' is
// added to the built file, as TanStack Query does, so Server Components can render the provider).
export * from './core.js'

export { PixwelProvider } from './hooks/PixwelProvider.js'
export type { PixwelProviderClientOptions, PixwelProviderProps } from './hooks/PixwelProvider.js'
export { sessionQueries } from './hooks/sessionQueries.js'
export { createSessionMutationOptions } from './hooks/createSessionMutationOptions.js'
export { useCreateSession } from './hooks/useCreateSession.js'
export type { UseCreateSessionOptions, UseCreateSessionResult } from './hooks/useCreateSession.js'
export { useSession } from './hooks/useSession.js'
export type { SessionState, SessionStatus } from './hooks/useSession.js'
export { usePreferences } from './hooks/usePreferences.js'
export { useSuspenseSession } from './hooks/useSuspenseSession.js'
export type { SettledSessionState } from './hooks/useSuspenseSession.js'
export { useWaitForTwoFactor } from './hooks/useWaitForTwoFactor.js'
export type { WaitForTwoFactorState } from './hooks/useWaitForTwoFactor.js'
export { useSignOut } from './hooks/useSignOut.js'
export { usePixwelClient } from './hooks/usePixwelClient.js'
