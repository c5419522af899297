import {
  isThenable,
  parseStored,
  storageKey,
  type PixwelStorage,
  type Stored,
} from './PixwelStorage.js'

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
  read(): string | null | Promise<string | null>
  /** Keeps `token`, replacing what was kept. */
  keep(token: string): void
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
  /** The token this client kept or restored: the only one it may remove. */
  let owned: string | null = null

  /**
   * Runs `op` after the operations before it on this key: at once (synchronously) when none
   * is pending, so a synchronous storage stays synchronous. `then` gets the op's result; a
   * storage that throws or rejects gives `undefined`.
   */
  function enqueue<T>(op: () => unknown, then: (result: unknown) => T): T | Promise<T> {
    const run = (): T | Promise<T> => {
      let result: unknown
      try {
        result = op()
        if (!isThenable(result)) return then(result)
      } catch {
        return then(undefined)
      }
      return Promise.resolve(result).then(then, () => then(undefined))
    }
    const tail = tails.get(key)
    const outcome = tail ? tail.then(run) : run()
    if (outcome instanceof Promise) {
      const settled: Promise<unknown> = outcome.then(
        () => release(settled),
        () => release(settled),
      )
      tails.set(key, settled)
    }
    return outcome
  }

  function release(settled: Promise<unknown>): void {
    if (tails.get(key) === settled) tails.delete(key)
  }

  function remove(): void {
    void enqueue(() => storage.removeItem(key), ignore)
  }

  return {
    read() {
      return enqueue(
        () => storage.getItem(key),
        (raw) => {
          const token = parseStored(raw, baseURL)
          if (token !== null) owned = token
          return token
        },
      )
    },
    keep(token) {
      owned = token
      const stored: Stored = { v: 1, baseURL, token }
      let failed = false
      void enqueue(
        () => {
          try {
            const written = storage.setItem(key, JSON.stringify(stored))
            if (isThenable(written)) return Promise.resolve(written).catch(() => (failed = true))
          } catch {
            failed = true
          }
          return undefined
        },
        () => {
          // A full quota must not leave the previous account's token to be restored.
          if (failed) remove()
        },
      )
    },
    forget() {
      const mine = owned
      owned = null
      if (mine === null) return
      void enqueue(
        () => storage.getItem(key),
        (raw) => {
          if (parseStored(raw, baseURL) === mine) remove()
        },
      )
    },
  }
}

function ignore(): void {
  // A storage that cannot be changed leaves the session in memory only.
}
