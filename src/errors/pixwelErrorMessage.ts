import type { PixwelError, PixwelErrorKind } from './PixwelError.js'

/**
 * A message for end users per {@link PixwelErrorKind}: a sentence, or a function of the error
 * (for `retryAfterMs`). Every kind must have one: adding a kind without a message fails the
 * type check.
 *
 * @example
 * ```ts
 * const messages: Partial<PixwelErrorMessages> = { timeout: 'Pixwel a mis trop de temps à répondre.' }
 * ```
 */
export type PixwelErrorMessages = {
  readonly [K in PixwelErrorKind]: string | ((error: PixwelError<K>) => string)
}

function seconds(ms: number): string {
  const whole = Math.max(1, Math.ceil(ms / 1000))
  return whole === 1 ? '1 second' : `${whole} seconds`
}

/**
 * The default end-user messages: plain words, no status code, no developer detail.
 *
 * @example
 * ```ts
 * pixwelErrorMessages['invalid-credentials'] // 'The username or password is incorrect.'
 * ```
 */
export const pixwelErrorMessages: PixwelErrorMessages = {
  'invalid-credentials': 'The username or password is incorrect.',
  unauthorized: 'Your session has ended. Please sign in again.',
  forbidden: 'This account is not allowed to do this. Ask your Pixwel administrator for access.',
  'bad-request': 'Pixwel could not accept this request. Check what you entered, then try again.',
  'rate-limited': (error) =>
    error.retryAfterMs === undefined
      ? 'Too many attempts. Please wait a minute, then try again.'
      : `Too many attempts. Please try again in ${seconds(error.retryAfterMs)}.`,
  server: 'Pixwel is having trouble right now. Please try again in a few minutes.',
  'invalid-response': 'Pixwel sent an answer this app cannot read. Please try again later.',
  network: 'Pixwel cannot be reached. Check your connection, then try again.',
  timeout: 'Pixwel took too long to answer. Please try again.',
  aborted: 'The request was cancelled.',
  configuration: 'This app is not set up to talk to Pixwel. Please contact its maintainers.',
}

/**
 * A message fit for end users for `error`, in plain words, for every kind; `retryAfterMs` is
 * said in seconds. `error.message` stays the developer's message (it may name zod paths or HTTP
 * statuses). `overrides` replaces any of the messages, to translate them or word them for the
 * app.
 *
 * @example
 * ```tsx
 * {signIn.error && <p role="alert">{pixwelErrorMessage(signIn.error)}</p>}
 * pixwelErrorMessage(error, { 'invalid-credentials': 'Identifiant ou mot de passe incorrect.' })
 * ```
 */
export function pixwelErrorMessage(
  error: PixwelError,
  overrides?: Partial<PixwelErrorMessages>,
): string {
  // The message of `error.kind` takes an error of that kind: `error` is one.
  const message = (overrides?.[error.kind] ?? pixwelErrorMessages[error.kind]) as
    string | ((error: PixwelError) => string)
  return typeof message === 'function' ? message(error) : message
}
