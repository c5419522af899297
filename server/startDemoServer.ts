import { demoAccounts, demoPassword } from '../src/testing/index.js'
import { hashAccountPasswords } from './hashAccountPasswords.js'
import { startPixwelServer, type PixwelServer } from './startPixwelServer.js'

/** The port the embedded API listens on unless `PIXWEL_MOCK_PORT` says otherwise. */
export const defaultMockPort = 4020

/**
 * Starts the embedded API with the demo accounts, their passwords kept only as bcrypt hashes.
 *
 * @example
 * ```ts
 * const api = await startDemoServer({ port: 0 })
 * console.log(api.url) // http://127.0.0.1:<port>/api
 * ```
 */
export async function startDemoServer(
  options: {
    port?: number
    log?: (line: string) => void
    /** bcrypt cost factor of the hashes (default 10); tests use less to start faster. */
    bcryptCost?: number
    /** How long `slow@example.com` waits, in ms (default: the scenario's 3000). */
    delayMs?: number
  } = {},
): Promise<PixwelServer> {
  const { accounts, verifyPassword } = await hashAccountPasswords(demoAccounts, {
    ...(options.bcryptCost === undefined ? {} : { cost: options.bcryptCost }),
  })
  return startPixwelServer({
    accounts,
    verifyPassword,
    port: options.port ?? defaultMockPort,
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
    ...(options.log ? { log: options.log } : {}),
  })
}

/**
 * The demo accounts as lines to print at start-up.
 *
 * @example
 * ```ts
 * console.log(describeDemoAccounts())
 * ```
 */
export function describeDemoAccounts(): string {
  const width = Math.max(...demoAccounts.map((account) => account.username.length))
  return [
    `Demo users (password for all: ${demoPassword}):`,
    ...demoAccounts.map((account) => `  ${account.username.padEnd(width)}  ${account.description}`),
    `  anyone else, or a wrong password: 401 Invalid credentials`,
  ].join('\n')
}

/**
 * Reads `PIXWEL_MOCK_PORT` (default {@link defaultMockPort}); throws a readable error when it
 * is not a port number.
 */
export function mockPortFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PIXWEL_MOCK_PORT
  if (raw === undefined || raw === '') return defaultMockPort
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PIXWEL_MOCK_PORT must be a port number (0-65535), got ${JSON.stringify(raw)}.`)
  }
  return port
}
