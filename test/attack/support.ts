/**
 * Shared tools of the attack on issue 19: an axios adapter whose every answer the test
 * decides (and may hold back), storages that answer late, fail or hang, and small helpers.
 */
import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse } from 'axios'
import type { PixwelStorage } from '../../src/index'
import { buildSessionResponse } from '../../src/testing/index'

export const base = 'https://api.pixwel.test/api'
export const key = `pixwel-react:token:${base}`

export function body(id: string, options: { twoFactor?: boolean; queue?: number } = {}): string {
  return JSON.stringify(
    buildSessionResponse({
      _id: id,
      id,
      name: id,
      username: `${id}@example.com`,
      hasEnforced2fa: options.twoFactor === true,
      twofactorVerified: false,
      ...(options.queue === undefined
        ? {}
        : { queue: Array.from({ length: options.queue }, () => 'x') }),
    }),
  )
}

export interface Seen {
  authorization: string | null
  url: string
  /** Answers this request: a 200 with `text`, another status, or a network failure. */
  reply(status: number, text?: string): void
  fail(): void
  readonly settled: boolean
}

/**
 * An adapter that records each request and waits for the test (or `auto`) to answer it.
 * `auto(authorization)` may answer at once: return `[status, body]`, or `null` to hold it.
 */
export function controlledAdapter(
  auto?: (authorization: string | null, url: string) => [number, string] | null,
) {
  const seen: Seen[] = []
  const adapter: AxiosAdapter = (config) =>
    new Promise<AxiosResponse>((resolve, reject) => {
      const headers = AxiosHeaders.from(config.headers)
      const raw = headers.get('Authorization')
      const authorization = typeof raw === 'string' ? raw : null
      let settled = false
      const entry: Seen = {
        authorization,
        url: String(config.url),
        get settled() {
          return settled
        },
        reply(status, text = '{}') {
          if (settled) return
          settled = true
          const response: AxiosResponse = {
            data: text,
            status,
            statusText: '',
            headers: new AxiosHeaders({ 'content-type': 'application/json' }),
            config,
            request: {},
          }
          if (status >= 200 && status < 300) resolve(response)
          else
            reject(
              new AxiosError(
                `Request failed with status code ${status}`,
                status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE,
                config,
                {},
                response,
              ),
            )
        },
        fail() {
          if (settled) return
          settled = true
          reject(new AxiosError('socket hang up', 'ECONNRESET', config, {}))
        },
      }
      config.signal?.addEventListener?.('abort', () => {
        if (settled) return
        settled = true
        reject(new AxiosError('canceled', AxiosError.ERR_CANCELED, config))
      })
      seen.push(entry)
      const answer = String(config.url).endsWith('/session')
        ? auto?.(authorization, String(config.url))
        : null
      if (answer) entry.reply(answer[0], answer[1])
    })
  return { adapter, seen }
}

/** Lets promises and the adapter's answers run. */
export const flush = async (times = 20) => {
  for (let i = 0; i < times; i++) await Promise.resolve()
  await new Promise((resolve) => setTimeout(resolve, 0))
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function stored(token: string): string {
  return JSON.stringify({ v: 1, baseURL: base, token })
}

/**
 * A storage whose operations answer only when the test releases them (`release(n)`), in any
 * order: an encrypting storage, AsyncStorage on a busy bridge.
 */
export function heldStorage(initial: Record<string, string> = {}) {
  const items = new Map<string, string>(Object.entries(initial))
  const pending: { op: string; run: () => void }[] = []
  const log: string[] = []
  const later = <T>(op: string, work: () => T) =>
    new Promise<T>((resolve) => {
      pending.push({
        op,
        run: () => {
          log.push(op)
          resolve(work())
        },
      })
    })
  const storage: PixwelStorage = {
    getItem: (k) => later(`get`, () => items.get(k) ?? null),
    setItem: (k, v) => later(`set ${JSON.parse(v).token as string}`, () => void items.set(k, v)),
    removeItem: (k) => later('remove', () => void items.delete(k)),
  }
  return {
    storage,
    items,
    pending,
    log,
    /** Runs the oldest pending operation (or the one at `index`). */
    release(index = 0) {
      const [next] = pending.splice(index, 1)
      if (!next) throw new Error('nothing pending')
      next.run()
    },
    async drain() {
      for (let i = 0; i < 50 && pending.length > 0; i++) {
        while (pending.length > 0) pending.shift()!.run()
        await flush(5)
      }
    },
    token: () => {
      const raw = items.get(key)
      return raw === undefined ? null : (JSON.parse(raw).token as string)
    },
  }
}

/** A synchronous memory storage (two "tabs" may share it). */
export function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map<string, string>(Object.entries(initial))
  const storage: PixwelStorage = {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k),
  }
  return {
    storage,
    items,
    token: () => {
      const raw = items.get(key)
      return raw === undefined ? null : (JSON.parse(raw).token as string)
    },
  }
}
