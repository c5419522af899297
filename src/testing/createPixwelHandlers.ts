import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import type { SessionResponse } from '../schemas/sessionContract.js'
import { readSessionRequest } from './readSessionRequest.js'
import {
  sessionScenarioAnswer,
  type ScenarioAnswer,
  type ScenarioOptions,
  type SessionScenario,
} from './sessionScenarios.js'
import type { TwoFactorMailbox } from './createTwoFactorMailbox.js'
import { answerMailboxRequest, answerVerifyRequest, twoFactorRoutes } from './twoFactorRoutes.js'

const defaultBaseURL = 'https://app.pixwel.com/api'

/**
 * A user of the fake Pixwel: who they are, how they sign in, and which scenario they get.
 */
export interface PixwelAccount {
  username?: string
  password?: string
  /** A personal access token that signs this account in with `Authorization: Bearer`. */
  token?: string
  scenario?: SessionScenario
  session?: Partial<SessionResponse>
}

/**
 * Options of {@link createPixwelHandlers}.
 */
export interface PixwelHandlersOptions extends Omit<ScenarioOptions, 'session'> {
  /** The API root the handlers answer for; `'*'` for any origin. Default production. */
  baseURL?: string
  accounts: readonly PixwelAccount[]
  /** How a password is checked; default: equal to `account.password`. */
  verifyPassword?: (password: string, account: PixwelAccount) => boolean | Promise<boolean>
  /**
   * Plays Pixwel's email-based second factor for the accounts of scenario `two-factor-required`:
   * a password sign-in "emails" a link to this mailbox and stays unverified until the link is
   * opened; a token sign-in counts as verified. Without it, those accounts are never verified.
   */
  twoFactor?: TwoFactorMailbox
  /**
   * Where verification links point (`${verifyURL}/${code}`); default: `/demo/verify` under the
   * API root of the request, which is where {@link createPixwelHandlers} serves them.
   */
  verifyURL?: string
}

/**
 * Decides the answer to one `POST /session` for a set of accounts: unknown users and wrong
 * passwords get the same 401. Used by {@link createPixwelHandlers} and the embedded API.
 *
 * @example
 * ```ts
 * const answer = await answerSessionRequest(request, { accounts })
 * ```
 */
export async function answerSessionRequest(
  request: Request,
  options: Omit<PixwelHandlersOptions, 'baseURL'>,
): Promise<ScenarioAnswer> {
  const read = await readSessionRequest(request)
  if (!read.ok) return read.answer
  const { credentials, fields } = read
  const verify = options.verifyPassword ?? ((password, account) => password === account.password)
  let account: PixwelAccount | undefined
  if ('token' in credentials) {
    account = options.accounts.find((candidate) => candidate.token === credentials.token)
  } else {
    const candidate = options.accounts.find((a) => a.username === credentials.username)
    // An unknown user costs one password check too, so timing does not tell who exists.
    const verified = await verify(credentials.password, candidate ?? {})
    if (candidate && verified) account = candidate
  }
  if (!account) {
    return sessionScenarioAnswer('invalid-credentials')
  }
  const scenario = account.scenario ?? 'success'
  const twoFactor = options.twoFactor
  if (scenario === 'two-factor-required' && twoFactor) {
    // A token sign-in counts as verified, as on Pixwel: tokens are how such accounts script.
    const username = 'username' in credentials ? credentials.username : undefined
    if (username === undefined || passesTwoFactor(username, twoFactor, request, options)) {
      const session = { ...account.session, twofactorVerified: true }
      return sessionScenarioAnswer(scenario, { ...options, session }, fields)
    }
  }
  return sessionScenarioAnswer(
    scenario,
    { ...options, ...(account.session ? { session: account.session } : {}) },
    fields,
  )
}

/**
 * Whether a password sign-in has passed the second factor. When it has not, the user gets a
 * link, unless one still works: the client polls `POST /session` while it waits, and each poll
 * must not send another email.
 */
function passesTwoFactor(
  username: string,
  mailbox: TwoFactorMailbox,
  request: Request,
  options: Pick<PixwelHandlersOptions, 'verifyURL'>,
): boolean {
  if (mailbox.isVerified(username)) return true
  if (!mailbox.pending(username)) {
    mailbox.send(username, options.verifyURL ?? siblingURL(request.url, twoFactorRoutes.verify))
  }
  return false
}

/** The URL of `path` under the API root of a `{root}/session` request URL. */
function siblingURL(sessionURL: string, path: string): string {
  const url = new URL(sessionURL)
  const root = url.pathname.replace(/\/session\/?$/, '').replace(/\/+$/, '')
  return `${url.origin}${root}${path}`
}

/**
 * MSW handlers for `POST /session` that check credentials against `accounts`: each account
 * gets its scenario; anyone else gets 401. With `twoFactor`, they also serve the mailbox
 * (`GET {baseURL}/demo/mailbox`), the verification links (`GET {baseURL}/demo/verify/:code`)
 * and the reset (`POST {baseURL}/demo/reset`), as the embedded API does.
 *
 * @example
 * ```ts
 * const server = setupServer(
 *   ...createPixwelHandlers({
 *     accounts: [{ username: 'ada@example.com', password: 'secret' }],
 *   }),
 * )
 * ```
 */
export function createPixwelHandlers(options: PixwelHandlersOptions): HttpHandler[] {
  const handlers = [
    http.post(sessionPath(options.baseURL), async ({ request }) =>
      toResponse(await answerSessionRequest(request, options)),
    ),
  ]
  const mailbox = options.twoFactor
  if (mailbox) {
    handlers.push(
      http.get(apiPath(twoFactorRoutes.mailbox, options.baseURL), () =>
        toResponse(answerMailboxRequest(mailbox)),
      ),
      http.get<{ code: string }>(
        apiPath(`${twoFactorRoutes.verify}/:code`, options.baseURL),
        ({ params }) => toResponse(answerVerifyRequest(params.code, mailbox)),
      ),
      http.post(apiPath(twoFactorRoutes.reset, options.baseURL), () => {
        mailbox.reset()
        return new HttpResponse(null, { status: 204 })
      }),
    )
  }
  return handlers
}

/**
 * An MSW handler for `POST /session` that plays one scenario for any well-formed request,
 * whatever the credentials (it still answers a malformed request with 400).
 *
 * @example
 * ```ts
 * server.use(createSessionHandler({ scenario: 'rate-limited', retryAfterSeconds: 5 }))
 * ```
 */
export function createSessionHandler(
  options: ScenarioOptions & { baseURL?: string; scenario?: SessionScenario } = {},
): HttpHandler {
  return http.post(sessionPath(options.baseURL), async ({ request }) => {
    const read = await readSessionRequest(request)
    if (!read.ok) return toResponse(read.answer)
    return toResponse(sessionScenarioAnswer(options.scenario ?? 'success', options, read.fields))
  })
}

function sessionPath(baseURL?: string): string {
  return apiPath('/session', baseURL)
}

function apiPath(path: string, baseURL = defaultBaseURL): string {
  return baseURL === '*' ? `*${path}` : `${baseURL.replace(/\/+$/, '')}${path}`
}

async function toResponse(answer: ScenarioAnswer): Promise<Response> {
  if (answer.type === 'network-error') return HttpResponse.error()
  if (answer.delayMs > 0) await delay(answer.delayMs)
  return new HttpResponse(answer.body, { status: answer.status, headers: answer.headers })
}
