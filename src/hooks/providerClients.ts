import { PixwelError } from '../errors/PixwelError.js'
import { readOwn } from '../errors/readOwn.js'
import { createDormantClient, isDisposed, startClient } from '../api/createPixwelClient.js'
import type { PixwelClient } from '../api/PixwelClient.js'

/** The keys a Server Component may pass to `<PixwelProvider options>`: plain values. */
export const serialisableKeys = [
  'environment',
  'baseURL',
  'timeoutMs',
  'refreshOnFocus',
  'refreshIntervalMs',
  'persist',
  'contract',
  'twoFactorLifetimeMs',
] as const

/** How long a client woken by a suspended render may wait for a provider to use it. */
const unclaimedMs = 30_000

/** The clients providers made, by their options' key: a render React retries finds the same one. */
const made = new Map<string, PixwelClient>()
/** How many mounted providers use each of them. */
const holders = new WeakMap<PixwelClient, number>()
/** The options key each was made for. */
const keys = new WeakMap<PixwelClient, string>()

/**
 * The client for `options` (a JavaScript caller's value, checked): own plain values of the
 * serialisable keys only, each read once. Equal options in any key order give the same
 * client; a function, a storage object or a getter that throws gives `configuration`.
 */
export function clientForOptions(options: unknown): PixwelClient {
  const refuse = () =>
    new PixwelError(
      'configuration',
      `<PixwelProvider options> takes a plain object of ${serialisableKeys.join(', ')} (plain values); pass a \`client\` for the rest.`,
    )
  let names: string[]
  try {
    const prototype: unknown =
      typeof options === 'object' && options !== null ? Object.getPrototypeOf(options) : undefined
    if (prototype !== Object.prototype && prototype !== null) throw refuse()
    names = Object.keys(options as object)
  } catch {
    throw refuse()
  }
  if (names.some((key) => !(serialisableKeys as readonly string[]).includes(key))) throw refuse()
  const read = readOwn(options, serialisableKeys, refuse)
  const plain: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  let key = ''
  for (const name of serialisableKeys) {
    const value = read[name]
    if (value !== null && (typeof value === 'object' || typeof value === 'function')) {
      throw refuse()
    }
    if (value !== undefined) plain[name] = value
    key += `${name}=${typeof value}:${String(value)}\u0000`
  }
  const existing = made.get(key)
  if (existing && !isDisposed(existing)) return existing
  const client = createDormantClient({ ...plain }, () => {
    // Woken by a render that suspended on it before any provider committed: if none ever
    // does, it must not run for ever. The grace starts once the restore settled (React
    // renders the boundary again then), however slow the restore.
    void client.whenRestored().finally(() => {
      const timer = setTimeout(() => {
        if (!holders.get(client)) release(client)
      }, unclaimedMs)
      ;(timer as { unref?: () => void }).unref?.()
    })
  })
  made.set(key, client)
  keys.set(client, key)
  return client
}

/**
 * A provider uses a client made for its options: the first use starts it; the last one to stop
 * disposes of it, a microtask later, so StrictMode's unmount and mount again keep the same
 * client (and its one restore).
 */
export function retainClient(client: PixwelClient): () => void {
  holders.set(client, (holders.get(client) ?? 0) + 1)
  startClient(client)
  return () => {
    const left = (holders.get(client) ?? 1) - 1
    holders.set(client, left)
    if (left === 0) {
      queueMicrotask(() => {
        if (holders.get(client) === 0) release(client)
      })
    }
  }
}

function release(client: PixwelClient): void {
  client.dispose()
  const key = keys.get(client)
  if (key !== undefined && made.get(key) === client) made.delete(key)
}
