import { PixwelError } from '../errors/PixwelError.js'
import { readOwn } from '../errors/readOwn.js'

/**
 * What a user signs in with: a username and password (HTTP Basic), or a personal access token
 * (`pat_…`, sent as `Authorization: Bearer`), which two-factor accounts use.
 *
 * @example
 * ```ts
 * const byPassword: Credentials = { username: 'ada@example.com', password }
 * const byToken: Credentials = { token: 'pat_…' }
 * ```
 */
export type Credentials =
  | { username: string; password: string }
  | {
      token: string
      /**
       * Keep this token on the device, for a client made with `persist` (default `true`).
       * `false` signs in for this page only and forgets any token kept before.
       */
      persist?: boolean
    }

/**
 * An opaque handle for credentials: what React Query keeps as a sign-in mutation's
 * `variables`. It shows the method and the username; the secret lives in a private map, out
 * of reach of `JSON.stringify`, `dehydrate`, devtools and `util.inspect`, and is forgotten the
 * moment the request is built.
 *
 * @example
 * ```ts
 * const sealed = sealCredentials({ username: 'ada@example.com', password })
 * JSON.stringify(sealed) // '{"method":"basic","username":"ada@example.com"}'
 * ```
 */
export interface SealedCredentials {
  readonly method: 'basic' | 'bearer'
  readonly username?: string
  /** For a token: whether a client with `persist` keeps it (`false`: this page only). */
  readonly persist?: boolean
  toJSON(): { method: 'basic' | 'bearer'; username?: string }
}

const secrets = new WeakMap<SealedCredentials, string | PixwelError>()
/** When each handle was sealed: also what says that an object is a handle. */
const sealedAt = new WeakMap<object, number>()

/**
 * A clock of the moments that order sign-ins and sign-outs: a sign-in whose credentials were
 * sealed before a sign-out (a `mutate` just before a click on "Sign out") loses to it, even
 * though React Query calls the client a tick later.
 */
let clock = 0

/** The next moment of {@link clock}. */
export function tick(): number {
  return ++clock
}

/** When a handle was sealed, on {@link clock}. */
export function sealedTime(sealed: SealedCredentials): number {
  return sealedAt.get(sealed) ?? 0
}

// RFC 6750 b64token: nothing that could break out of the header.
const bearerToken = /^[A-Za-z0-9\-._~+/]+=*$/
// A UTF-16 surrogate without its pair has no UTF-8 form: encoding would silently replace it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Seals credentials into a {@link SealedCredentials} handle. It never throws: credentials that
 * cannot be sent at all (a `:` in a Basic username, an empty or malformed token) make the
 * sign-in fail with `invalid-credentials` before anything reaches the network.
 *
 * @example
 * ```ts
 * mutation.mutate(sealCredentials({ token: 'pat_…' }))
 * ```
 */
export function sealCredentials(credentials: Credentials | SealedCredentials): SealedCredentials {
  if (isSealed(credentials)) return credentials
  let authorization: string | PixwelError
  let method: 'basic' | 'bearer' = 'basic'
  let username: string | undefined
  let persist: boolean | undefined
  try {
    // Own properties only, each read once: `Object.prototype.token` set by another dependency
    // must not turn a password sign-in into the attacker's bearer token.
    const read = readOwn(credentials, ['username', 'password', 'token', 'persist'], unusable)
    if (read.token !== undefined) {
      method = 'bearer'
      if (typeof read.persist === 'boolean') persist = read.persist
    } else if (typeof read.username === 'string') username = read.username
    authorization = authorizationFor(read)
  } catch (error) {
    authorization = error instanceof PixwelError ? error : unusable()
  }
  const sealed: SealedCredentials = {
    method,
    ...(username === undefined ? {} : { username }),
    ...(persist === undefined ? {} : { persist }),
    toJSON: () => (username === undefined ? { method } : { method, username }),
  }
  Object.freeze(sealed)
  secrets.set(sealed, authorization)
  sealedAt.set(sealed, tick())
  return sealed
}

/** Never echoes what it was given: a JavaScript caller may have passed the password itself. */
function unusable(): PixwelError {
  return new PixwelError(
    'invalid-credentials',
    'Credentials must be an object with a `token`, or with a `username` and a `password`.',
  )
}

/** Takes the `Authorization` value out of a handle; a handle opens once. */
export function unseal(sealed: SealedCredentials): string {
  const authorization = secrets.get(sealed)
  if (authorization === undefined) {
    throw new PixwelError(
      'configuration',
      'These sealed credentials were already used: seal the credentials again for a new sign-in.',
    )
  }
  secrets.delete(sealed)
  // `typeof`, not `instanceof`: TypeScript cannot narrow a union away by `instanceof` a union type.
  if (typeof authorization !== 'string') throw authorization
  return authorization
}

function isSealed(value: unknown): value is SealedCredentials {
  return typeof value === 'object' && value !== null && sealedAt.has(value)
}

/** Which credential a refused sign-in was given, for messages that name the right one. */
const aToken = { credential: 'token' } as const
const aPassword = { credential: 'password' } as const

/** One encoder for every sign-in (it holds no state). */
const utf8 = new TextEncoder()

function authorizationFor(read: {
  username?: unknown
  password?: unknown
  token?: unknown
}): string {
  const { username, password, token } = read
  if (token !== undefined) {
    if (username !== undefined || password !== undefined) {
      throw new PixwelError(
        'invalid-credentials',
        'Pass either a `token` or a `username` and `password`, not both.',
      )
    }
    if (typeof token !== 'string' || !bearerToken.test(token)) {
      throw new PixwelError(
        'invalid-credentials',
        'The access token is empty or has characters a bearer token cannot have.',
        aToken,
      )
    }
    return `Bearer ${token}`
  }
  if (typeof username !== 'string' || typeof password !== 'string') {
    throw new PixwelError(
      'invalid-credentials',
      'A username and a password are both needed.',
      aPassword,
    )
  }
  if (loneSurrogate.test(username) || loneSurrogate.test(password)) {
    throw new PixwelError(
      'invalid-credentials',
      'The username or password contains an unpaired UTF-16 surrogate, which cannot be sent.',
      aPassword,
    )
  }
  if (username.includes(':')) {
    throw new PixwelError(
      'invalid-credentials',
      'A username cannot contain ":" (HTTP Basic authentication cannot carry it).',
      aPassword,
    )
  }
  return `Basic ${base64Utf8(`${username}:${password}`)}`
}

/** RFC 7617 with `charset="UTF-8"`: encode to UTF-8 first, since `btoa` only takes Latin-1. */
export function base64Utf8(text: string): string {
  const bytes = utf8.encode(text)
  let binary = ''
  for (let index = 0; index < bytes.length; index += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000))
  }
  return btoa(binary)
}
