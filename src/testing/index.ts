export { buildSessionResponse, syntheticPasswordHash } from './buildSessionResponse.js'
export {
  invalidCredentialsBody,
  sessionScenarioAnswer,
  sessionScenarios,
} from './sessionScenarios.js'
export type { ScenarioAnswer, ScenarioOptions, SessionScenario } from './sessionScenarios.js'
export { maxSessionRequestBytes, readSessionRequest } from './readSessionRequest.js'
export type { SessionRequest } from './readSessionRequest.js'
export {
  answerSessionRequest,
  createPixwelHandlers,
  createSessionHandler,
} from './createPixwelHandlers.js'
export type { PixwelAccount, PixwelHandlersOptions } from './createPixwelHandlers.js'
export { createTwoFactorMailbox } from './createTwoFactorMailbox.js'
export type {
  TwoFactorMailbox,
  TwoFactorMailboxOptions,
  TwoFactorMessage,
  VerifyOutcome,
} from './createTwoFactorMailbox.js'
export { answerMailboxRequest, answerVerifyRequest, twoFactorRoutes } from './twoFactorRoutes.js'
export { demoAccounts, demoPassword, demoTwoFactorToken } from './demoAccounts.js'
export type { DemoAccount } from './demoAccounts.js'
export { createSignedInClient } from './createSignedInClient.js'
export type { SignedInClientOptions } from './createSignedInClient.js'
export { createPixwelWrapper, withPixwelClient } from './createPixwelWrapper.js'
export type { PixwelWrapperOptions } from './createPixwelWrapper.js'
export { createPixwelTabs } from './createPixwelTabs.js'
export type {
  PixwelTab,
  PixwelTabRequest,
  PixwelTabs,
  PixwelTabsClientOptions,
  PixwelTabsOptions,
} from './createPixwelTabs.js'
