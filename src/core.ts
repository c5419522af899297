/**
 * `pixwel-react/core`: the React-free part of pixwel-react (the client, the schemas, the
 * errors), for server code (route handlers, server actions, Server Components), scripts, tests
 * and other frameworks. The main entry re-exports all of it beside the React hooks.
 */
export { PixwelError, isPixwelError, pixwelErrorKinds } from './errors/PixwelError.js'
export type {
  PixwelCredential,
  PixwelErrorJSON,
  PixwelErrorKind,
  PixwelErrorOptions,
  PixwelIssue,
} from './errors/PixwelError.js'
export { pixwelErrorMessage, pixwelErrorMessages } from './errors/pixwelErrorMessage.js'
export type {
  PixwelDefaultErrorMessages,
  PixwelErrorMessages,
} from './errors/pixwelErrorMessage.js'

export { sessionResponseSchema } from './schemas/sessionResponseSchema.js'
export { sessionSchema } from './schemas/sessionSchema.js'
export { preferencesSchema } from './schemas/preferencesSchema.js'
export type {
  Group,
  Preferences,
  Session,
  SessionResponse,
  Territory,
  TwoFactorState,
} from './schemas/sessionContract.js'
export { sessionFields } from './schemas/sessionFields.js'
export type { SessionField, SessionWithFields } from './schemas/sessionFields.js'
export { parseSession, warmSessionParser } from './schemas/parseSession.js'
export type { ParseSessionOptions } from './schemas/parseSession.js'
export { contractVersion } from './schemas/sessionContract.js'
export { contractDriftKinds } from './schemas/contractDrift.js'
export type {
  ContractDrift,
  ContractDriftKind,
  ContractDriftReport,
  ContractMode,
} from './schemas/contractDrift.js'

export { pixwelEnvironments } from './api/resolveBaseURL.js'
export type { PixwelEnvironment } from './api/resolveBaseURL.js'
export { sealCredentials } from './api/sealCredentials.js'
export type { Credentials, SealedCredentials } from './api/sealCredentials.js'
export { maxSessionResponseBytes } from './api/requestSession.js'
export type { CreateSessionOptions } from './api/requestSession.js'
export { createPixwelClient } from './api/createPixwelClient.js'
export type { PixwelClient } from './api/PixwelClient.js'
export type { PixwelClientOptions, WaitForTwoFactorOptions } from './api/clientOptions.js'
export type {
  PixwelClientEvent,
  PixwelSessionSnapshot,
  PixwelSessionStatus,
  PixwelSignedOutReason,
  PixwelSignedOutSnapshot,
} from './api/PixwelSessionSnapshot.js'
export type { PixwelPersist, PixwelStorage } from './api/PixwelStorage.js'
export { pixwelSignedOutMessage, pixwelSignedOutMessages } from './api/pixwelSignedOutMessage.js'
export type { PixwelSignedOutMessages } from './api/pixwelSignedOutMessage.js'
export type { PixwelPage, PixwelPageChannel, PixwelPageEvent } from './api/PixwelPage.js'
export { pixwelIdle } from './api/pixwelIdle.js'
export type { PixwelIdleOptions } from './api/pixwelIdle.js'
export type {
  PixwelExtension,
  PixwelTimelineEntry,
  PixwelTimelineKind,
} from './api/PixwelExtension.js'
export { pixwelTimeline } from './api/pixwelTimeline.js'
export type { PixwelTimelineOptions } from './api/pixwelTimeline.js'
