import {
  createTwoFactorMailbox,
  demoAccounts,
  demoPassword,
  type TwoFactorMessage,
} from '../src/testing/index.js'
import { hashAccountPasswords } from './hashAccountPasswords.js'
import { startPixwelServer, type PixwelServer } from './startPixwelServer.js'

/** The port the embedded API listens on unless `PIXWEL_MOCK_PORT` says otherwise. */
export const defaultMockPort = 4020

/** How long a demo verification link works unless told otherwise: 10 minutes, as on Pixwel. */
const defaultLinkTtlMs = 600_000

/**
 * Starts the embedded API with the demo accounts, their passwords kept only as bcrypt hashes,
 * and a two-factor mailbox: each verification link it "emails" is printed (to `log`, or the
 * console), since there is no real email to open.
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
    /** How long a verification link works, in ms (default 10 minutes). */
    linkTtlMs?: number
    /** The mailbox's clock (default `Date.now`); tests move it to expire links. */
    now?: () => number
  } = {},
): Promise<PixwelServer> {
  const { accounts, verifyPassword } = await hashAccountPasswords(demoAccounts, {
    ...(options.bcryptCost === undefined ? {} : { cost: options.bcryptCost }),
  })
  const linkTtlMs = options.linkTtlMs ?? defaultLinkTtlMs
  const print = options.log ?? ((line: string) => console.log(line))
  const twoFactor = createTwoFactorMailbox({
    linkTtlMs,
    ...(options.now ? { now: options.now } : {}),
    onSend: (message) => print(describeVerificationLink(message, linkTtlMs)),
  })
  return startPixwelServer({
    accounts,
    verifyPassword,
    twoFactor,
    port: options.port ?? defaultMockPort,
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
    ...(options.log ? { log: options.log } : {}),
  })
}

/**
 * The line printed for a verification link "emailed" by the demo API, e.g.
 * `📧 two-factor@example.com: verification link (valid 10 min): http://…/api/demo/verify/…`.
 *
 * @example
 * ```ts
 * createTwoFactorMailbox({ onSend: (message) => console.log(describeVerificationLink(message, 600_000)) })
 * ```
 */
export function describeVerificationLink(message: TwoFactorMessage, linkTtlMs: number): string {
  const valid =
    linkTtlMs >= 60_000
      ? `${Math.round(linkTtlMs / 60_000)} min`
      : `${Math.round(linkTtlMs / 1000)} s`
  return `📧 ${message.to}: verification link (valid ${valid}): ${message.link}`
}

/**
 * The demo accounts as lines to print at start-up: users, the tokens some of them have, and
 * where two-factor links arrive.
 *
 * @example
 * ```ts
 * console.log(describeDemoAccounts())
 * ```
 */
export function describeDemoAccounts(): string {
  const width = Math.max(...demoAccounts.map((account) => account.username.length))
  const withToken = demoAccounts.filter((account) => account.token !== undefined)
  return [
    `Demo users (password for all: ${demoPassword}):`,
    ...demoAccounts.map((account) => `  ${account.username.padEnd(width)}  ${account.description}`),
    `  anyone else, or a wrong password: 401 Invalid credentials`,
    `Demo tokens (a token sign-in counts as two-factor verified):`,
    ...withToken.map((account) => `  ${account.username.padEnd(width)}  ${account.token ?? ''}`),
    `Two-factor verification links are printed here and listed at GET /api/demo/mailbox;`,
    `each works for ${defaultLinkTtlMs / 60_000} min, then sign in again for a new one.`,
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
