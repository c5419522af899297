import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'
import { createPixwelClient, type PixwelClient, type PixwelClientEvent } from '../../src/index'
import { buildSessionResponse } from '../../src/testing/buildSessionResponse'

export const base = 'https://api.pixwel.test/api'
export const ada = { username: 'ada@example.com', password: 'Sentinel-PW-ada' }
export const bob = { username: 'bob@example.com', password: 'Sentinel-PW-bob' }

export interface Pending {
  config: InternalAxiosRequestConfig
  auth: string | null
  url: string
  respond(status: number, body?: unknown): void
}

/** A manual adapter: every request waits until the test answers it. */
export function manualClient(extra: Record<string, unknown> = {}) {
  const pending: Pending[] = []
  const adapter: AxiosAdapter = (config) =>
    new Promise<AxiosResponse>((resolve, reject) => {
      const headers = AxiosHeaders.from(config.headers)
      const auth = headers.get('Authorization')
      const signal = config.signal as AbortSignal | undefined
      signal?.addEventListener?.('abort', () => reject(new AxiosError('canceled', 'ERR_CANCELED', config)))
      pending.push({
        config,
        auth: typeof auth === 'string' ? auth : null,
        url: String(config.url),
        respond(status, body) {
          const response: AxiosResponse = {
            data: typeof body === 'string' ? body : JSON.stringify(body ?? {}),
            status,
            statusText: '',
            headers: new AxiosHeaders({ 'content-type': 'application/json' }),
            config,
            request: {},
          }
          if (status < 400) resolve(response)
          else reject(new AxiosError('bad', AxiosError.ERR_BAD_REQUEST, config, {}, response))
        },
      })
    })
  const client = createPixwelClient({ baseURL: base, adapter, ...extra })
  const events: PixwelClientEvent[] = []
  return { client, pending, events }
}

export function sessionBody(id: string, name = id) {
  return buildSessionResponse({ _id: id, id, name } as never)
}

export const flush = async (n = 20) => {
  for (let i = 0; i < n; i++) await Promise.resolve()
}

export function record(client: PixwelClient) {
  const events: string[] = []
  client.subscribe((e) => events.push(e.type === 'signed-in' ? `in:${e.snapshot.session.id}` : `out:${e.reason}:${e.crossTab}`))
  return events
}
