import { domainName, type DomainName, type Field, type FieldRole } from './field.js'
import { sessionContract, type Session } from './sessionContract.js'

type SessionFields = typeof sessionContract.fields

/**
 * A top-level field of `POST /session` that `?fields=` can select. The password hash is not
 * one: the library never asks for it.
 *
 * @example
 * ```ts
 * const fields: SessionField[] = ['name', 'territory', 'preferences']
 * ```
 */
export type SessionField = {
  [K in keyof SessionFields]: SessionFields[K] extends { role: 'secret' } ? never : K
}[keyof SessionFields]

/** The domain key a selected field becomes: its role's, or its {@link DomainName}. */
type DomainKey<F extends SessionField> = F extends unknown
  ? SessionFields[F] extends { role: 'identity' }
    ? 'id'
    : SessionFields[F] extends { role: 'two-factor' }
      ? 'twoFactor'
      : DomainName<F>
  : never

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

const described: Readonly<Record<string, Field>> = sessionContract.fields

function roleOf(name: string): FieldRole | undefined {
  const value = described[name]
  return value && 'role' in value ? value.role : undefined
}

function isSessionField(name: string): name is SessionField {
  return roleOf(name) !== 'secret'
}

/**
 * Every field `?fields=` can select, in the spec's order.
 *
 * @example
 * ```ts
 * sessionFields.includes('preferences') // true
 * ```
 */
export const sessionFields: readonly SessionField[] = Object.keys(described).filter(isSessionField)

/** Always requested with `?fields=`: the session's identity and its two-factor state. */
export const requiredSessionFields: readonly SessionField[] = sessionFields.filter(
  (name) => roleOf(name) !== undefined,
)

/** The domain key of a selected field, as {@link DomainKey}. */
export function domainKey(field: SessionField): string {
  const role = roleOf(field)
  return role === 'identity' ? 'id' : role === 'two-factor' ? 'twoFactor' : domainName(field)
}
