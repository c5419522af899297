import { PixwelError } from '../errors/PixwelError.js'
import { domainName, roleOf, type DomainName, type Field, type FieldRole } from './field.js'
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

function roleByName(name: string): FieldRole | undefined {
  const value = described[name]
  return value && roleOf(value)
}

/** Whether `value` names a field `?fields=` can select. */
function isSessionField(value: unknown): value is SessionField {
  return (
    typeof value === 'string' && Object.hasOwn(described, value) && roleByName(value) !== 'secret'
  )
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
  (name) => roleByName(name) !== undefined,
)

/** The domain key of a selected field, as {@link DomainKey}. */
export function domainKey(field: SessionField): string {
  const role = roleByName(field)
  return role === 'identity' ? 'id' : role === 'two-factor' ? 'twoFactor' : domainName(field)
}

/**
 * Checks `fields` from a caller: an array of known names, copied once (a proxy or a getter
 * cannot answer differently after the check), plus the fields that are always asked for. Its
 * length is checked first: copying a 2^32-element array would block the page for seconds.
 */
export function checkFields(fields: unknown): SessionField[] {
  let items: unknown[]
  try {
    if (!Array.isArray(fields) || fields.length > sessionFields.length * 4) throw new Error()
    items = Array.from(fields as unknown[])
  } catch {
    throw new PixwelError(
      'configuration',
      '`fields` must be an array of session field names (at most each name a few times).',
    )
  }
  const checked = new Set<SessionField>(requiredSessionFields)
  for (const [index, field] of items.entries()) {
    if (!isSessionField(field)) {
      // The value is not echoed: a careless caller may have put anything there.
      throw new PixwelError(
        'configuration',
        `\`fields[${index}]\` is not a session field name (see \`sessionFields\`).`,
      )
    }
    checked.add(field)
  }
  return [...checked]
}
