import type { z } from 'zod'
import { PixwelError, type PixwelIssue } from '../errors/PixwelError.js'
import { sessionBody } from './body.js'
import { sessionSchema, type Session } from './session.js'
import type { SessionField, SessionWithFields } from './sessionFields.js'

/** Values the spec allows as anything (`items: {}`) are walked at most this deep. */
export const maxUnknownDepth = 64

const REDACTED = '[redacted]'
const bcryptLike = /\$2[abxy]?\$\d\d\$/
const secretKey = /pass(word)?|hash|secret|salt/i

interface Def {
  type: string
  innerType?: z.ZodType
  element?: z.ZodType
  shape?: Record<string, z.ZodType>
}

/**
 * Where a body value can hold a hash: its strings, and its untyped parts (`items: {}`), which
 * have no plan and are walked whole, keys included.
 */
interface Plan {
  element?: Plan | undefined
  shape?: Record<string, Plan | undefined>
}

function planOf(schema: z.ZodType): Plan | undefined {
  let def = schema._zod.def as Def
  while (def.innerType) def = def.innerType._zod.def
  if (def.type === 'unknown') return undefined
  const shape: Record<string, Plan | undefined> = {}
  for (const key in def.shape) shape[key] = planOf(def.shape[key] as z.ZodType)
  return { element: def.element && planOf(def.element), shape }
}

const bodyPlan = (planOf(sessionBody) as Plan).shape as Record<string, Plan>

/** Whether a session was parsed yet: the first parse is interpreted (see parseSession). */
let parsedOnce = false

/** The body fields a session keeps under their own name. */
const copied = Object.keys(sessionSchema.shape).filter(
  (key) => key in bodyPlan && key !== 'id',
) as SessionField[]

/**
 * Parses a `POST /session` body into a {@link Session}: validates it against the wire schema,
 * normalises the id, derives the two-factor state, fills preference defaults and drops the
 * password hash (and anything that looks like one). With `fields`, only those fields (plus
 * `id` and `twoFactor`) are kept, so the result is exactly what its type says.
 *
 * @throws {PixwelError} kind `invalid-response`, with `issues` and a message naming the paths.
 * @example
 * ```ts
 * const session = parseSession(JSON.parse(text))
 * const slim = parseSession(body, { fields: ['name', 'territory'] })
 * ```
 */
export function parseSession(data: unknown): Session
export function parseSession<F extends SessionField>(
  data: unknown,
  options: { fields: readonly F[] },
): SessionWithFields<F>
export function parseSession(
  data: unknown,
  options?: { fields?: readonly SessionField[] },
): Partial<Session> {
  // zod compiles a fast path per object schema on its first JIT parse, about 1 ms each: far
  // more than interpreting one body, and a page that signs in parses one session. So the
  // first parse is interpreted and a second one compiles. (Interpreting for longer left the
  // compiled parses 20 % slower: bench/, warm parse.)
  const result = parsedOnce
    ? sessionBody.safeParse(data)
    : sessionBody.safeParse(data, { jitless: true })
  parsedOnce = true
  if (!result.success) {
    throw invalidResponse(
      result.error.issues.map((issue) => ({
        path: issue.path,
        code: issue.code,
        message: issue.message,
      })),
    )
  }
  const wire = result.data as Record<string, unknown> & typeof result.data
  const id = wire._id || wire.id
  if (!id) {
    throw invalidResponse([
      { path: ['_id'], code: 'custom', message: 'Missing: expected `_id` or `id`' },
    ])
  }
  const enforced = wire.hasEnforced2fa
  const verified = wire.twofactorVerified
  const session: Record<string, unknown> = {
    id: hideHash(id),
    twoFactor: { enforced, verified, required: enforced && !verified },
  }
  for (const key of copied) {
    const value = wire[key]
    if (value === undefined) continue
    const clean = redact(value, 1, bodyPlan[key])
    session[key] =
      key === 'territory'
        ? defined(clean)
        : key === 'groups'
          ? (clean as object[]).map(defined)
          : clean
  }
  session.links = defined(redact(wire.$links, 1, bodyPlan.$links))
  return options?.fields ? projectSession(session as Session, options.fields) : session
}

/**
 * The part of a session that a `?fields=` sign-in asked for: those fields under their domain
 * names, plus `id` and `twoFactor`. Fields the body lacked are absent, except lists and
 * preferences, which hold their documented defaults as in any session.
 */
export function projectSession<F extends SessionField>(
  session: Session,
  fields: readonly F[],
): SessionWithFields<F> {
  const projected: Record<string, unknown> = { id: session.id, twoFactor: session.twoFactor }
  for (const field of fields) {
    const key = domainKey(field)
    if (key in session) projected[key] = (session as Record<string, unknown>)[key]
  }
  return projected as SessionWithFields<F>
}

function domainKey(field: SessionField): string {
  if (field === '_id' || field === 'id') return 'id'
  if (field === 'hasEnforced2fa' || field === 'twofactorVerified') return 'twoFactor'
  return field === '$links' ? 'links' : field
}

function invalidResponse(issues: PixwelIssue[]): PixwelError {
  const named = issues.slice(0, 5).map((issue) => `${formatPath(issue.path)} (${issue.message})`)
  const more = issues.length > 5 ? ` and ${issues.length - 5} more` : ''
  return new PixwelError(
    'invalid-response',
    `The Pixwel API sent a session that does not match its contract: ${named.join('; ')}${more}.`,
    { issues },
  )
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)'
  let out = ''
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`
  }
  return out
}

/** A copy without `undefined` values, `_id` named `id`. */
function defined(value: unknown): Record<string, unknown> {
  const record = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const key in record) {
    const item = record[key]
    if (item !== undefined) out[key === '_id' ? 'id' : key] = item
  }
  return out
}

function hideHash(value: string): string {
  return value.includes('$2') && bcryptLike.test(value) ? REDACTED : value
}

/**
 * Returns `value` without anything that looks like a password hash: bcrypt-like strings become
 * `[redacted]`; in untyped parts (no `plan`), keys that name a secret or look like a hash are
 * dropped. Copy on write: clean parts (the usual case) are returned as they are, so the input
 * is never mutated. Untyped parts are walked only to {@link maxUnknownDepth}; deeper is an
 * `invalid-response`, not a stack overflow.
 */
function redact(value: unknown, depth: number, plan: Plan | undefined): unknown {
  if (typeof value === 'string') return hideHash(value)
  if (typeof value !== 'object' || value === null) return value
  if (!plan && depth > maxUnknownDepth) {
    throw invalidResponse([
      { path: [], code: 'too_deep', message: `nested deeper than ${maxUnknownDepth} levels` },
    ])
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index]
      const clean = redact(item, depth + 1, plan?.element)
      if (clean !== item) {
        copy ??= value.slice()
        copy[index] = clean
      }
    }
    return copy ?? value
  }
  let copy: Record<string, unknown> | undefined
  const record = value as Record<string, unknown>
  for (const key in record) {
    const item = record[key]
    // Typed objects hold only their schema's keys. Elsewhere a hash can be a key too.
    if (!plan) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue
      if (secretKey.test(key) || hideHash(key) !== key) {
        copy ??= { ...record }
        Reflect.deleteProperty(copy, key)
        continue
      }
    }
    const clean = redact(item, depth + 1, plan?.shape?.[key])
    if (clean !== item) {
      copy ??= { ...record }
      copy[key] = clean
    }
  }
  return copy ?? value
}
