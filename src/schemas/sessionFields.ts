import { sessionBody } from './body.js'
import type { SessionResponse } from './sessionResponse.js'
import type { Session } from './session.js'

/**
 * A top-level field of `POST /session` that `?fields=` can select. The password hash is not
 * one: the library never asks for it.
 *
 * @example
 * ```ts
 * const fields: SessionField[] = ['name', 'territory', 'preferences']
 * ```
 */
export type SessionField = Exclude<keyof SessionResponse, 'password'>

/** The domain key each wire field becomes. */
type DomainKey<F extends SessionField> = F extends '_id' | 'id'
  ? 'id'
  : F extends 'twofactorVerified' | 'hasEnforced2fa'
    ? 'twoFactor'
    : F extends '$links'
      ? 'links'
      : F

/**
 * The session you get when you request only `F`: the requested fields, plus `id` and
 * `twoFactor`, which are always requested.
 *
 * @example
 * ```ts
 * const session = await client.createSession(credentials, { fields: ['name'] })
 * session.name // string | undefined
 * // session.groups — a type error: not requested
 * ```
 */
export type SessionWithFields<F extends SessionField> = Pick<
  Session,
  'id' | 'twoFactor' | DomainKey<F>
>

/**
 * Every field `?fields=` can select, in the spec's order.
 *
 * @example
 * ```ts
 * sessionFields.includes('preferences') // true
 * ```
 */
export const sessionFields = Object.keys(sessionBody.shape).filter(
  (field) => field !== 'password',
) as readonly SessionField[]

/** Always requested with `?fields=`: the session's identity and its two-factor state. */
export const requiredSessionFields: readonly SessionField[] = [
  '_id',
  'id',
  'hasEnforced2fa',
  'twofactorVerified',
]
