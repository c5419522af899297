/**
 * `pixwel-react/core`: the React-free part of pixwel-react (the client, the schemas, the
 * errors), for server code (route handlers, server actions, Server Components), scripts, tests
 * and other frameworks. The main entry re-exports all of it beside the React hooks.
 */
export { PixwelError, isPixwelError, pixwelErrorKinds } from './errors/PixwelError.js'
export type {
  PixwelErrorJSON,
  PixwelErrorKind,
  PixwelErrorOptions,
  PixwelIssue,
} from './errors/PixwelError.js'
export { pixwelErrorMessage, pixwelErrorMessages } from './errors/pixwelErrorMessage.js'
export type { PixwelErrorMessages } from './errors/pixwelErrorMessage.js'

export { sessionResponseSchema } from './schemas/sessionResponse.js'
export type { SessionResponse } from './schemas/sessionResponse.js'
export { sessionSchema } from './schemas/session.js'
export type { Group, Session, Territory, TwoFactorState } from './schemas/session.js'
export { preferencesSchema } from './schemas/preferences.js'
export type { Preferences } from './schemas/preferences.js'
export { sessionFields } from './schemas/sessionFields.js'
export type { SessionField, SessionWithFields } from './schemas/sessionFields.js'
export { parseSession } from './schemas/parseSession.js'

export { pixwelEnvironments } from './api/resolveBaseURL.js'
export type { PixwelEnvironment } from './api/resolveBaseURL.js'
export { sealCredentials } from './api/sealCredentials.js'
export type { Credentials, SealedCredentials } from './api/sealCredentials.js'
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
export type { PixwelPersist, PixwelStorage } from './api/PixwelStorage.js'
