export { PixwelError, isPixwelError } from './errors/PixwelError.js'
export type { PixwelErrorKind, PixwelErrorOptions, PixwelIssue } from './errors/PixwelError.js'

export { sessionResponseSchema } from './schemas/sessionResponse.js'
export type { SessionResponse } from './schemas/sessionResponse.js'
export { sessionSchema } from './schemas/session.js'
export type { Group, Session, Territory, TwoFactorState } from './schemas/session.js'
export { preferencesSchema } from './schemas/preferences.js'
export type { Preferences } from './schemas/preferences.js'
export { sessionFields } from './schemas/sessionFields.js'
export type { SessionField, SessionWithFields } from './schemas/sessionFields.js'
export { parseSession } from './schemas/parseSession.js'

export { pixwelEnvironments } from './api/baseURL.js'
export type { PixwelEnvironment } from './api/baseURL.js'
export { sealCredentials } from './api/credentials.js'
export type { Credentials, SealedCredentials } from './api/credentials.js'
export { maxSessionResponseBytes } from './api/requestSession.js'
export type { CreateSessionOptions } from './api/requestSession.js'
export { createPixwelClient } from './api/createPixwelClient.js'
export type {
  PixwelClient,
  PixwelClientEvent,
  PixwelClientOptions,
  PixwelSessionSnapshot,
  PixwelSessionStatus,
  WaitForTwoFactorOptions,
} from './api/createPixwelClient.js'
export type { PixwelPersist, PixwelStorage } from './api/persistence.js'

export { PixwelProvider } from './hooks/PixwelProvider.js'
export type { PixwelProviderProps } from './hooks/PixwelProvider.js'
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
