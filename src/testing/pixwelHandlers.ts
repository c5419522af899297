import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import type { SessionResponse } from '../schemas/sessionResponse.js'
import { readSessionRequest } from './readSessionRequest.js'
import {
  sessionScenarioAnswer,
  type ScenarioAnswer,
  type ScenarioOptions,
  type SessionScenario,
} from './sessionScenarios.js'

const defaultBaseURL = 'https://app.pixwel.com/api'

/**
 * A user of the fake Pixwel: who they are, how they sign in, and which scenario they get.
 *
 * @example
 * ```ts
 * const account: PixwelAccount = { username: 'ada@example.com', password: 'pw', scenario: 'forbidden' }
 * ```
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
 *
 * @example
 * ```ts
 * const options: PixwelHandlersOptions = { baseURL: 'http://127.0.0.1:4020/api', accounts }
 * ```
 */
export interface PixwelHandlersOptions extends Omit<ScenarioOptions, 'session'> {
  /** The API root the handlers answer for; `'*'` for any origin. Default production. */
  baseURL?: string
  accounts: readonly PixwelAccount[]
  /** How a password is checked; default: equal to `account.password`. */
  verifyPassword?: (password: string, account: PixwelAccount) => boolean | Promise<boolean>
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
  return sessionScenarioAnswer(
    account.scenario ?? 'success',
    { ...options, ...(account.session ? { session: account.session } : {}) },
    fields,
  )
}

/**
 * MSW handlers for `POST /session` that check credentials against `accounts`: each account
 * gets its scenario; anyone else gets 401.
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
  return [
    http.post(sessionPath(options.baseURL), async ({ request }) =>
      toResponse(await answerSessionRequest(request, options)),
    ),
  ]
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

function sessionPath(baseURL = defaultBaseURL): string {
  return baseURL === '*' ? '*/session' : `${baseURL.replace(/\/+$/, '')}/session`
}

async function toResponse(answer: ScenarioAnswer): Promise<Response> {
  if (answer.type === 'network-error') return HttpResponse.error()
  if (answer.delayMs > 0) await delay(answer.delayMs)
  return new HttpResponse(answer.body, { status: answer.status, headers: answer.headers })
}
