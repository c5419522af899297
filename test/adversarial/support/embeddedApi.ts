import { hashAccountPasswords } from '../../../server/hashAccountPasswords'
import { startPixwelServer, type PixwelServer } from '../../../server/startPixwelServer'
import type { PixwelAccount } from '../../../src/testing/index'

/**
 * The embedded Pixwel API on 127.0.0.1 (an ephemeral port), passwords kept as bcrypt hashes
 * like the real one (a low cost, so thousands of sign-ins stay fast), and a log of every
 * request line (method, URL, status) it served.
 */
export async function startEmbeddedApi(
  plainAccounts: readonly PixwelAccount[],
  options: { delayMs?: number; bcryptCost?: number } = {},
): Promise<PixwelServer & { lines: string[] }> {
  const { accounts, verifyPassword } = await hashAccountPasswords(plainAccounts, {
    cost: options.bcryptCost ?? 4,
  })
  const lines: string[] = []
  const server = await startPixwelServer({
    accounts,
    verifyPassword,
    port: 0,
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
    log: (line) => lines.push(line),
  })
  return Object.assign(server, { lines })
}
