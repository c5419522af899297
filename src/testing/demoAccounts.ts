import type { SessionResponse } from '../schemas/sessionContract.js'
import type { PixwelAccount } from './createPixwelHandlers.js'

/**
 * The password of every demo account. Public on purpose: the demo accounts exist only in the
 * embedded API and the test kit.
 *
 * @example
 * ```ts
 * await client.createSession({ username: 'demo@example.com', password: demoPassword })
 * ```
 */
export const demoPassword = 'pixwel-demo'

/**
 * The personal access token of `two-factor@example.com`: a token sign-in counts as verified,
 * so it skips the emailed link. Synthetic, like the demo password, and known only to the
 * embedded API and the test kit.
 *
 * @example
 * ```ts
 * await client.createSession({ token: demoTwoFactorToken })
 * ```
 */
export const demoTwoFactorToken = 'pat_demo_twofactor_synthetic0001'

/**
 * A demo account: a {@link PixwelAccount} with a username, a scenario and a line that says
 * what signing in as it shows.
 *
 * @example
 * ```ts
 * for (const account of demoAccounts) console.log(account.username, account.description)
 * ```
 */
export interface DemoAccount extends PixwelAccount {
  username: string
  password: string
  description: string
}

function account(
  username: string,
  name: string,
  id: string,
  scenario: NonNullable<PixwelAccount['scenario']>,
  description: string,
  token?: string,
): DemoAccount {
  const session: Partial<SessionResponse> = {
    _id: id,
    id,
    name,
    username,
    emailNormal: username,
    $links: { self: `//api-staging.pixwel.com/api/Users/${id}` },
  }
  return {
    username,
    password: demoPassword,
    scenario,
    session,
    description,
    ...(token === undefined ? {} : { token }),
  }
}

/**
 * The users the demo app and the embedded API know, all with the password {@link demoPassword}:
 * one per behaviour worth seeing in a login form. Synthetic people, `example.com` addresses.
 * Anyone else (or a wrong password) gets the same 401.
 *
 * @example
 * ```ts
 * const server = setupServer(...createPixwelHandlers({ baseURL, accounts: demoAccounts }))
 * ```
 */
export const demoAccounts: readonly DemoAccount[] = [
  account(
    'demo@example.com',
    'Dana Demo',
    '6560a1f0c0ffee0000000001',
    'success',
    'signs in normally',
  ),
  account(
    'two-factor@example.com',
    'Tomas Twofactor',
    '6560a1f0c0ffee0000000002',
    'two-factor-required',
    'two-factor enforced: open the emailed link, or sign in with its token',
    demoTwoFactorToken,
  ),
  account(
    'forbidden@example.com',
    'Fiona Forbidden',
    '6560a1f0c0ffee0000000003',
    'forbidden',
    'gets 403 Forbidden',
  ),
  account(
    'rate-limited@example.com',
    'Rafael Ratelimit',
    '6560a1f0c0ffee0000000004',
    'rate-limited',
    'gets 429 with Retry-After: 30',
  ),
  account(
    'malformed@example.com',
    'Mona Malformed',
    '6560a1f0c0ffee0000000005',
    'malformed',
    'gets a response that breaks the contract',
  ),
  account(
    'drifted@example.com',
    'Dario Drifted',
    '6560a1f0c0ffee0000000007',
    'drifted',
    'gets a drifted answer: an unknown field and a retyped cosmetic one (tolerant mode signs in)',
  ),
  account(
    'slow@example.com',
    'Sam Slow',
    '6560a1f0c0ffee0000000006',
    'slow',
    'signs in after 3 seconds',
  ),
]
