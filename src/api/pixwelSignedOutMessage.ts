import type { PixwelSessionSnapshot, PixwelSignedOutReason } from './PixwelSessionSnapshot.js'

/**
 * A message for end users per {@link PixwelSignedOutReason}, and for a sign-out made in
 * another tab. Every reason must have one: adding a reason without a message fails the type
 * check.
 *
 * @example
 * ```ts
 * const messages: Partial<PixwelSignedOutMessages> = { 'two-factor-expired': 'Le lien a expiré.' }
 * ```
 */
export type PixwelSignedOutMessages = {
  readonly [K in PixwelSignedOutReason | 'sign-out-elsewhere']: string
}

/**
 * The default end-user messages for why a session ended, in plain words.
 *
 * @example
 * ```ts
 * pixwelSignedOutMessages['two-factor-expired'] // 'The sign-in link expired. Please sign in again.'
 * ```
 */
export const pixwelSignedOutMessages: PixwelSignedOutMessages = {
  'sign-out': 'You are signed out.',
  'sign-out-elsewhere': 'You signed out in another tab.',
  unauthorized: 'Your session has ended. Please sign in again.',
  'not-restored': 'Your saved session could not be restored. Please sign in.',
  'two-factor-expired': 'The sign-in link expired. Please sign in again.',
  idle: 'You were signed out after a while without activity. Please sign in again.',
}

/**
 * What to tell the user about a `signed-out` snapshot: why their session ended, in plain
 * words, or `null` when there is nothing to say (a page that was never signed in, a kept
 * session that was simply not there, any other status). `overrides` words any of them for the
 * app.
 *
 * @example
 * ```tsx
 * const state = useSession()
 * const notice = pixwelSignedOutMessage(state)
 * {notice && <p role="status">{notice}</p>}
 * ```
 */
export function pixwelSignedOutMessage(
  snapshot: PixwelSessionSnapshot,
  overrides?: Partial<PixwelSignedOutMessages>,
): string | null {
  if (snapshot.status !== 'signed-out' || snapshot.reason === undefined) return null
  // Nothing was kept: there was no session to lose, so nothing to say.
  if (snapshot.reason === 'not-restored' && snapshot.error === undefined) return null
  const key =
    snapshot.reason === 'sign-out' && snapshot.crossTab ? 'sign-out-elsewhere' : snapshot.reason
  const override = overrides && Object.hasOwn(overrides, key) ? overrides[key] : undefined
  return override ?? pixwelSignedOutMessages[key]
}
