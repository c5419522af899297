import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse } from 'axios'

/** One answer of the stub: a status, headers and a raw body, or a dropped connection. */
export type StubAnswer =
  { status: number; body: string; headers?: Record<string, string> } | { network: true }

/**
 * An axios adapter that answers from memory the way axios' own adapters do (`settle`: a 2xx
 * resolves, anything else rejects with an `AxiosError` carrying the response), so thousands of
 * generated cases run without sockets. `seen` keeps the last request's config.
 */
export function stubAdapter(next: () => StubAnswer) {
  const seen: { authorization: string | null; url: string }[] = []
  const adapter: AxiosAdapter = (config) => {
    const headers = AxiosHeaders.from(config.headers)
    const authorization = headers.get('Authorization')
    seen.push({
      authorization: typeof authorization === 'string' ? authorization : null,
      url: String(config.url),
    })
    const answer = next()
    if ('network' in answer) {
      return Promise.reject(new AxiosError('socket hang up', 'ECONNRESET', config, {}))
    }
    const response: AxiosResponse = {
      data: answer.body,
      status: answer.status,
      statusText: '',
      headers: new AxiosHeaders(answer.headers ?? {}),
      config,
      request: {},
    }
    const validate = config.validateStatus
    if (!validate || validate(answer.status)) return Promise.resolve(response)
    const code = [AxiosError.ERR_BAD_REQUEST, AxiosError.ERR_BAD_RESPONSE][
      Math.floor(answer.status / 100) - 4
    ]
    return Promise.reject(
      new AxiosError(
        `Request failed with status code ${answer.status}`,
        code,
        config,
        {},
        response,
      ),
    )
  }
  return { adapter, seen }
}
