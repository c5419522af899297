import type { PixwelError, PixwelErrorKind } from '../../src/index.js'

/**
 * What a person is told when signing in fails: one sentence per {@link PixwelErrorKind}, never
 * a status code, a stack or the library's developer message. `null` for a sign-in that was
 * cancelled on purpose (nothing to tell).
 *
 * @example
 * ```ts
 * errorMessage({ kind: 'invalid-credentials' }) // 'The username or password is incorrect.'
 * ```
 */
export function errorMessage(
  error: Pick<PixwelError, 'kind'>,
  { offline = false }: { offline?: boolean } = {},
): string | null {
  const kind: PixwelErrorKind = error.kind
  switch (kind) {
    case 'invalid-credentials':
      return 'The username or password is incorrect.'
    case 'unauthorized':
      return 'Your session has ended. Please sign in again.'
    case 'forbidden':
      return 'This account is not allowed to sign in here. Ask your Pixwel administrator for access.'
    case 'bad-request':
      return 'Pixwel could not accept this sign-in. Check the username and password, then try again.'
    case 'rate-limited':
      return 'Too many sign-in attempts.'
    case 'server':
      return 'Pixwel is having trouble right now. Please try again in a few minutes.'
    case 'invalid-response':
      return 'Pixwel sent an answer this app cannot read. Please try again later.'
    case 'network':
      return offline
        ? 'You are offline. Check your connection, then try again.'
        : 'Pixwel cannot be reached. Check your connection, then try again.'
    case 'timeout':
      return 'Pixwel took too long to answer. Please try again.'
    case 'aborted':
      return null
    case 'configuration':
      return 'This app is not set up to talk to Pixwel. Please contact its maintainers.'
    default:
      return unreachable(kind)
  }
}

function unreachable(kind: never): never {
  throw new Error(`Unhandled Pixwel error kind: ${String(kind)}`)
}
