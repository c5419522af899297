import type { PixwelCredential, PixwelError, PixwelErrorKind } from './PixwelError.js'

/** One kind's message: a sentence, or a function of the error (for `retryAfterMs`). */
type Message<K extends PixwelErrorKind> = string | ((error: PixwelError<K>) => string)

/**
 * The kinds whose errors say which credential failed (`credential`): their messages differ per
 * credential, since a wrong token is not a wrong password.
 */
type CredentialKind = {
  [K in PixwelErrorKind]: 'credential' extends keyof PixwelError<K> ? K : never
}[PixwelErrorKind]

/** A message per credential, for a kind of {@link CredentialKind}. */
type PerCredential<K extends PixwelErrorKind> = { readonly [C in PixwelCredential]: Message<K> }

/**
 * A message for end users per {@link PixwelErrorKind}: a sentence, or a function of the error
 * (for `retryAfterMs`); for `invalid-credentials` and `unauthorized` also one per credential,
 * `{ password, token }`. Every kind must have one: adding a kind without a message fails the
 * type check.
 *
 * @example
 * ```ts
 * const messages: Partial<PixwelErrorMessages> = { timeout: 'Pixwel a mis trop de temps à répondre.' }
 * ```
 */
export type PixwelErrorMessages = {
  readonly [K in PixwelErrorKind]:
    Message<K> | (K extends CredentialKind ? PerCredential<K> : never)
}

/**
 * The default messages' table: one per kind, and one per credential wherever an error says
 * which credential failed. A kind or a credential added without its message fails the type check.
 */
export type PixwelDefaultErrorMessages = {
  readonly [K in PixwelErrorKind]: K extends CredentialKind ? PerCredential<K> : Message<K>
}

function seconds(ms: number): string {
  const whole = Math.max(1, Math.ceil(ms / 1000))
  return whole === 1 ? '1 second' : `${whole} seconds`
}

/**
 * The default end-user messages: plain words, no status code, no developer detail. The two
 * kinds of a 401 are worded per credential: a personal access token may be mistyped, expired or
 * revoked, which a password is not.
 *
 * @example
 * ```ts
 * pixwelErrorMessages['invalid-credentials'].password // 'The username or password is incorrect.'
 * ```
 */
export const pixwelErrorMessages: PixwelDefaultErrorMessages = {
  'invalid-credentials': {
    password: 'The username or password is incorrect.',
    token:
      'This access token was not accepted: it may be mistyped, expired or revoked. Check it, or create a new one in Pixwel.',
  },
  unauthorized: {
    password: 'Your session has ended. Please sign in again.',
    token:
      'Your access token no longer works: it has expired or was revoked. Please sign in again with a valid token.',
  },
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
 * said in seconds, and a refused or expired personal access token is worded as a token, not as
 * a password (`error.credential`; a password's words when it is not known). `error.message` stays
 * the developer's message (it may name zod paths or HTTP statuses). `overrides` replaces any of
 * the messages, to translate them or word them for the app: a sentence, a function of the
 * error, or `{ password, token }` for the two kinds of a 401.
 *
 * @example
 * ```tsx
 * {signIn.error && <p role="alert">{pixwelErrorMessage(signIn.error)}</p>}
 * pixwelErrorMessage(error, {
 *   'invalid-credentials': {
 *     password: 'Identifiant ou mot de passe incorrect.',
 *     token: 'Ce jeton d’accès est incorrect, expiré ou révoqué.',
 *   },
 * })
 * ```
 */
export function pixwelErrorMessage(
  error: PixwelError,
  overrides?: Partial<PixwelErrorMessages>,
): string {
  // The message of `error.kind` takes an error of that kind: `error` is one.
  let message = (overrides?.[error.kind] ?? pixwelErrorMessages[error.kind]) as
    Message<PixwelErrorKind> | PerCredential<PixwelErrorKind>
  if (typeof message === 'object') {
    const { credential } = error as { credential?: unknown }
    message = credential === 'token' ? message.token : message.password
  }
  return typeof message === 'function' ? message(error) : message
}
