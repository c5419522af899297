import { pixwelErrorMessage, type PixwelError } from '../../src/index.js'

/**
 * What a person is told when signing in fails: the library's end-user message
 * (`pixwelErrorMessage`), worded for a sign-in form, never a status code, a stack or the
 * library's developer message. `null` for a sign-in that was cancelled on purpose (nothing to
 * tell).
 *
 * @example
 * ```ts
 * errorMessage(new PixwelError('invalid-credentials', '…')) // 'The username or password is incorrect.'
 * ```
 */
export function errorMessage(
  error: PixwelError,
  { offline = false }: { offline?: boolean } = {},
): string | null {
  if (error.kind === 'aborted') return null
  return pixwelErrorMessage(error, {
    forbidden:
      'This account is not allowed to sign in here. Ask your Pixwel administrator for access.',
    'bad-request':
      'Pixwel could not accept this sign-in. Check the username and password, then try again.',
    // The form shows the wait itself, as a countdown.
    'rate-limited': 'Too many sign-in attempts.',
    ...(offline ? { network: 'You are offline. Check your connection, then try again.' } : {}),
  })
}
