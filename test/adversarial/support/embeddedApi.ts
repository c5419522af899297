import { hashAccountPasswords } from '../../../server/hashAccountPasswords'
import { startPixwelServer, type PixwelServer } from '../../../server/startPixwelServer'
import type { PixwelAccount } from '../../../src/testing/index'

/**
 * The embedded Pixwel API on 127.0.0.1 (an ephemeral port), passwords kept as bcrypt hashes
 * like the real one (at the lowest cost, 4) unless `plainPasswords`, and a log of every
 * request line (method, URL, status) it served.
 */
export async function startEmbeddedApi(
  plainAccounts: readonly PixwelAccount[],
  options: { delayMs?: number; bcryptCost?: number; plainPasswords?: boolean } = {},
): Promise<PixwelServer & { lines: string[] }> {
  // Thousands of sign-ins measure the client and the HTTP path, not bcrypt: they may opt out.
  const { accounts, verifyPassword } = options.plainPasswords
    ? { accounts: plainAccounts, verifyPassword: undefined }
    : await hashAccountPasswords(plainAccounts, { cost: options.bcryptCost ?? 4 })
  const lines: string[] = []
  const server = await startPixwelServer({
    accounts,
    ...(verifyPassword ? { verifyPassword } : {}),
    port: 0,
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
    log: (line) => lines.push(line),
  })
  return Object.assign(server, { lines })
}
