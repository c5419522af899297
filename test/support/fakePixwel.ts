import { AxiosError, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'
import { buildSessionResponse } from '../../src/testing/index'
import type { SessionResponse } from '../../src/index'

/** What the fake API answers one `POST /session` with. */
export type FakeAnswer =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Held until the test releases it. */
  | { hold: Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> }

/**
 * An axios adapter standing in for Pixwel, answering each request by `answer(authorization)`
 * in memory, and recording what was sent: the lifecycle tests count requests and decide each
 * answer (another account, reordered keys, a 401 late) without a network.
 */
export function fakePixwel(
  answer: (authorization: string, index: number) => FakeAnswer = () => ({
    status: 200,
    body: user('ada'),
  }),
) {
  const sent: { url: string; authorization: string }[] = []
  const adapter: AxiosAdapter = async (config) => {
    const authorization = String(config.headers.get('Authorization') ?? '')
    sent.push({ url: String(config.url), authorization })
    const given = answer(authorization, sent.length - 1)
    const { status, body, headers } = 'hold' in given ? await given.hold : given
    return reply(config, status, body, headers)
  }
  return { adapter, sent, posts: () => sent.filter((request) => request.url.endsWith('/session')) }
}

/** A session body for user `id`; two-factor enforced and not verified when `twoFactor`. */
export function user(
  id: string,
  options: { twoFactor?: boolean; overrides?: Partial<SessionResponse> } = {},
): SessionResponse {
  return buildSessionResponse({
    _id: id,
    name: id,
    ...(options.twoFactor
      ? { hasEnforced2fa: true, twofactorVerified: false }
      : { hasEnforced2fa: false }),
    ...options.overrides,
  })
}

/** A promise and the function that settles it. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

function reply(
  config: InternalAxiosRequestConfig,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = {
    data: JSON.stringify(body ?? {}),
    status,
    statusText: '',
    headers,
    config,
    request: {},
  }
  if (status >= 200 && status < 300) return response
  throw new AxiosError(
    `Request failed with status code ${status}`,
    status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST',
    config,
    {},
    response,
  )
}
