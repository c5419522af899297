import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios'
import { specExample } from './fixtures.js'
import { pairedAsync } from './measure.js'
import type { Package } from './package.js'
import { ns, times, type Row } from './report.js'

const body = JSON.stringify(specExample())

/** An adapter that answers at once, without any network. */
const stubAdapter: AxiosAdapter = (config: InternalAxiosRequestConfig) =>
  Promise.resolve({
    data: body,
    status: 200,
    statusText: 'OK',
    headers: { 'content-type': 'application/json' },
    config,
    request: {},
  } satisfies AxiosResponse)

export async function interceptorRows(lib: Package): Promise<Row[]> {
  const baseURL = 'https://app.pixwel.com/api'
  const ours = lib.createPixwelClient({ baseURL, adapter: stubAdapter })
  await ours.createSession({ username: 'bench@example.com', password: 'synthetic' })
  // The same client, defaults and all, without the library's interceptors.
  const bare = lib.createPixwelClient({ baseURL, adapter: stubAdapter })
  bare.http.interceptors.request.clear()
  bare.http.interceptors.response.clear()

  const request = await pairedAsync(
    () => ours.http.get('/projects'),
    () => bare.http.get('/projects'),
  )
  // The whole sign-in minus the network: sealing, the request, reading and parsing the body.
  const signIn = await pairedAsync(
    () => ours.createSession({ username: 'bench@example.com', password: 'synthetic' }),
    async () => {
      const response = await bare.http.post<string>(
        '/session',
        {},
        { responseType: 'text', transformResponse: [(data: unknown) => data] },
      )
      return lib.parseSession(JSON.parse(response.data))
    },
    { batch: 200 },
  )
  return [
    {
      metric: 'interceptor overhead: signed-in GET, stub adapter',
      ours: ns(request.ours),
      base: `same axios, no interceptors ${ns(request.base)}`,
      ratio: times(request.ratio),
      // Retired by "Performance, round 3": the per-request deadline that bounds a dripping body.
      target: 'retired (was ≤ 1.2×)',
      result: 'info',
    },
    {
      metric: '↳ createSession, stub adapter (no network)',
      ours: ns(signIn.ours),
      base: `bare post + JSON.parse + parseSession ${ns(signIn.base)}`,
      ratio: times(signIn.ratio),
      target: '—',
      result: 'info',
    },
  ]
}
