import bcrypt from 'bcryptjs'
import type { PixwelAccount } from '../src/testing/index.js'

/**
 * Accounts as the embedded API keeps them: no plain password, only a bcrypt hash, and the check
 * that `answerSessionRequest` calls.
 */
export interface HashedAccounts {
  accounts: readonly PixwelAccount[]
  verifyPassword: (password: string, account: PixwelAccount) => Promise<boolean>
}

/**
 * Replaces each account's plain password by a bcrypt hash (salted per account, computed now,
 * so no hash is committed anywhere), the way the real API stores them. An account without a
 * password can only sign in with its token.
 *
 * @example
 * ```ts
 * const { accounts, verifyPassword } = await hashAccountPasswords(demoAccounts)
 * ```
 */
export async function hashAccountPasswords(
  plain: readonly PixwelAccount[],
  { cost = 10 }: { cost?: number } = {},
): Promise<HashedAccounts> {
  const hashes = new WeakMap<PixwelAccount, string>()
  // Checked when an account has no hash, so that a refusal costs one bcrypt either way.
  const decoy = await bcrypt.hash(`decoy-${String(Math.random())}`, cost)
  const accounts: PixwelAccount[] = []
  for (const { password, ...rest } of plain) {
    const account: PixwelAccount = rest
    if (password !== undefined) hashes.set(account, await bcrypt.hash(password, cost))
    accounts.push(account)
  }
  return {
    accounts,
    async verifyPassword(password, account) {
      const hash = hashes.get(account)
      if (hash === undefined) {
        await bcrypt.compare(password, decoy)
        return false
      }
      return bcrypt.compare(password, hash)
    },
  }
}
