import {
  isThenable,
  parseStored,
  storageKey,
  type Kept,
  type PixwelStorage,
  type Stored,
} from './PixwelStorage.js'
import { ignore } from './unref.js'

/**
 * The one owner of a client's kept token. Operations on one key of one storage run in order,
 * one after another, even when the storage answers with promises (one that encrypts before it
 * writes): a write still under way when a sign-out comes is followed by the removal, never
 * overtaken by it. The store remembers the token this client kept or restored, and removes
 * only that one (compare, then remove): another tab's newer token survives this tab's 401 or a
 * late message. A write that fails removes what it meant to replace, so a reload never
 * restores an earlier account.
 */
export interface TokenStore {
  /** The kept token (`null`: none or unusable), or a promise of it for an asynchronous storage. */
  read(): Kept | null | Promise<Kept | null>
  /** Keeps `token` under the keep id `kid`, replacing what was kept. */
  keep(token: string, kid: string): void
  /** Forgets the token this client kept or restored, if the storage still holds that one. */
  forget(): void
}

/** The queues of each storage's keys: every client on one storage (tabs in a test) shares them. */
const queues = new WeakMap<object, Map<string, Promise<unknown>>>()

export function createTokenStore(storage: PixwelStorage, baseURL: string): TokenStore {
  const key = storageKey(baseURL)
  let queue = queues.get(storage)
  if (!queue) {
    queue = new Map()
    queues.set(storage, queue)
  }
  const tails = queue
  /**
   * The token this client kept or restored: the only one it may remove. It changes only
   * inside the queued operations (a read when it answers, a write when it runs), so a slow
   * read can never make the client forget a token kept after it.
   */
  let owned: string | null = null

  /**
   * Runs `op` after the operations before it on this key: at once (synchronously) when none
   * is pending, so a synchronous storage stays synchronous. An op that answers with a promise
   * holds the key until it settles; one that throws or rejects is over.
   */
  function enqueue(op: () => unknown): unknown {
    const run = (): unknown => {
      try {
        const result = op()
        return isThenable(result) ? Promise.resolve(result).catch(ignore) : result
      } catch {
        return undefined
      }
    }
    const tail = tails.get(key)
    const outcome = tail ? tail.then(run) : run()
    if (outcome instanceof Promise) {
      const settled: Promise<unknown> = outcome.then(() => {
        if (tails.get(key) === settled) tails.delete(key)
      })
      tails.set(key, settled)
    }
    return outcome
  }

  /** Then `next` with the value, for a value or a promise of one (a rejection: `undefined`). */
  function then(value: unknown, next: (value: unknown) => unknown): unknown {
    return isThenable(value)
      ? Promise.resolve(value).then(next, () => next(undefined))
      : next(value)
  }

  return {
    read() {
      const kept = enqueue(() =>
        then(storage.getItem(key), (raw) => {
          const value = parseStored(raw, baseURL)
          owned = value?.token ?? null
          return value
        }),
      ) as Kept | null | undefined | Promise<Kept | null | undefined>
      return kept instanceof Promise
        ? kept.then(
            (value) => value ?? null,
            () => null,
          )
        : (kept ?? null)
    },
    keep(token, kid) {
      const stored: Stored = { v: 1, baseURL, token, kid }
      enqueue(() => {
        owned = token
        let written: unknown
        try {
          written = storage.setItem(key, JSON.stringify(stored))
        } catch {
          // A full quota must not leave the previous account's token to be restored.
          return storage.removeItem(key)
        }
        return isThenable(written)
          ? Promise.resolve(written).catch(() => storage.removeItem(key))
          : undefined
      })
    },
    forget() {
      // Compare, then remove, as one operation: nothing can come between the two. A value
      // that cannot be read is removed all the same: signing another tab's account out of
      // the next load is better than signing this one back in.
      enqueue(() => {
        const mine = owned
        owned = null
        if (mine === null) return undefined
        const compare = (raw: unknown) => {
          const kept = parseStored(raw, baseURL)?.token
          return kept === mine ? storage.removeItem(key) : undefined
        }
        let raw: unknown
        try {
          raw = storage.getItem(key)
        } catch {
          return storage.removeItem(key)
        }
        return isThenable(raw)
          ? Promise.resolve(raw).then(compare, () => storage.removeItem(key))
          : compare(raw)
      })
    },
  }
}
