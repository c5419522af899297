import { hasMembers } from '../errors/readOwn.js'

/**
 * Where a client may keep a personal access token between page loads: `localStorage`,
 * `sessionStorage`, or an app's own (React Native's AsyncStorage returns promises; both kinds
 * work). Only what `getItem`, `setItem` and `removeItem` do is used.
 */
export interface PixwelStorage {
  getItem(key: string): string | null | Promise<string | null>
  setItem(key: string, value: string): void | Promise<void>
  removeItem(key: string): void | Promise<void>
}

/**
 * What `createPixwelClient({ persist })` takes: a {@link PixwelStorage}, or the name of a
 * browser storage (`'local'`, `'session'`), which is looked up only in a browser, so the same
 * options work in a server render (where the client then reports `restoring` and touches
 * nothing).
 */
export type PixwelPersist = PixwelStorage | 'local' | 'session'

/** A stored value a client will send: only a well-formed token, for its own API root. */
const storedToken = /^[A-Za-z0-9\-._~+/]+=*$/
const maxStoredLength = 4096

/** What is kept: the token and the root it belongs to. Never a password or anything from one. */
export interface Stored {
  v: 1
  baseURL: string
  token: string
  /**
   * The keep's id: random, made when the token was kept. Tabs that follow the kept token
   * name it over the channel instead of the token.
   */
  kid?: string
}

/** A kept token and its keep's id (`''` for a value kept before ids were). */
export interface Kept {
  readonly token: string
  readonly kid: string
}

/** The key of one API root's token: a storage shared by several roots keeps them apart. */
export function storageKey(baseURL: string): string {
  return `pixwel-react:token:${baseURL}`
}

/** Whether `persist` names a browser storage, to be looked up only in a browser. */
export function isNamedStorage(persist: unknown): persist is 'local' | 'session' {
  return persist === 'local' || persist === 'session'
}

/**
 * The storage `persist` stands for, or `undefined`: outside a browser a named one is not there
 * (a server render); a browser that refuses access (privacy settings) throws, and counts as
 * none.
 */
export function resolveStorage(persist: PixwelPersist | undefined): PixwelStorage | undefined {
  if (persist === undefined) return undefined
  if (!isNamedStorage(persist)) return persist
  if (typeof window === 'undefined') return undefined
  try {
    return persist === 'local' ? window.localStorage : window.sessionStorage
  } catch {
    return undefined
  }
}

/** Whether `value` can be used as a {@link PixwelStorage}. */
export function isStorage(value: unknown): value is PixwelStorage {
  return hasMembers(value, { getItem: 'function', setItem: 'function', removeItem: 'function' })
}

/** The token in a stored value and its keep's id, if well formed and for `baseURL`; else `null`. */
export function parseStored(raw: unknown, baseURL: string): Kept | null {
  if (typeof raw !== 'string' || raw.length > maxStoredLength) return null
  try {
    const value = JSON.parse(raw) as Partial<Stored> | null
    if (
      typeof value === 'object' &&
      value !== null &&
      Object.hasOwn(value, 'v') &&
      value.v === 1 &&
      value.baseURL === baseURL &&
      typeof value.token === 'string' &&
      storedToken.test(value.token)
    ) {
      const kid = Object.hasOwn(value, 'kid') && typeof value.kid === 'string' ? value.kid : ''
      return { token: value.token, kid }
    }
  } catch {
    // Tampered: not JSON.
  }
  return null
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
