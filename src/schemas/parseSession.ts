import { PixwelError, type PixwelIssue } from '../errors/PixwelError.js'
import {
  hideHash,
  maxUnknownDepth,
  readObject,
  startReading,
  type ContractDrift,
  type Reading,
} from './readBody.js'
import { sessionContract, type Session } from './sessionContract.js'
import { domainKey, type SessionField, type SessionWithFields } from './sessionFields.js'

/**
 * What a reading of a `POST /session` body gives: the session, unless the body had to be
 * rejected, and the drifts from the contract that it found.
 */
export type SessionReading = {
  readonly drift: readonly ContractDrift[]
  /** Drifts found beyond the listed ones. */
  readonly omitted: number
} & (
  | { readonly session: Session; readonly error: undefined }
  | { readonly session: undefined; readonly error: PixwelError }
)

/**
 * Reads a body against the session contract in one walk: validates it, maps it to the domain
 * (one `id`, `twoFactor`, defaults), drops the hash and anything that looks like one, and
 * notes every drift by path. Never throws: a body it cannot read is an `error`.
 */
export function readSession(data: unknown, tolerant = false): SessionReading {
  const reading = startReading(tolerant)
  let session: Session | undefined
  try {
    session = toSession(data, reading)
  } catch {
    // A getter or a proxy that throws, from a JavaScript caller: the body cannot be read.
    return {
      session: undefined,
      drift: reading.drift ?? [],
      omitted: reading.omitted,
      error: invalidResponse([{ path: [], code: 'unreadable', message: 'could not be read' }]),
    }
  }
  const drift = reading.drift ?? []
  const { omitted } = reading
  if (!session || reading.rejected) {
    const error = invalidResponse(issuesOf(drift, reading.tolerant))
    return { session: undefined, error, drift, omitted }
  }
  return { session, error: undefined, drift, omitted }
}

function toSession(data: unknown, reading: Reading): Session | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    reading.rejected = true
    ;(reading.drift ??= []).push({ path: [], kind: 'wrong-type' })
    return undefined
  }
  const body = readObject(data, sessionContract, reading, 0)
  const roles = reading.roles
  const id = (roles._id || roles.id) as string | undefined
  if (!id) {
    reading.rejected = true
    ;(reading.drift ??= []).push({ path: ['_id'], kind: 'missing-required' })
    return undefined
  }
  const enforced = roles.hasEnforced2fa === true
  const verified = roles.twofactorVerified === true
  body.id = hideHash(id)
  body.twoFactor = { enforced, verified, required: enforced && !verified }
  // The contract's one description says the shape; the walk above is what makes it true.
  return body as unknown as Session
}

/** The issues of an `invalid-response`: the drifts that rejected the body. */
function issuesOf(drift: readonly ContractDrift[], tolerant: boolean): PixwelIssue[] {
  const fatal = drift.filter((item) => item.kind !== 'unknown-field')
  const listed = tolerant ? fatal.filter(isEssential) : fatal
  return (listed.length ? listed : fatal).map((item) => ({
    path: item.path,
    code: item.kind,
    message: messages[item.kind],
  }))
}

function isEssential(drift: ContractDrift): boolean {
  const top = drift.path[0]
  return (
    drift.path.length <= 1 &&
    (top === undefined ||
      top === '_id' ||
      top === 'id' ||
      top === 'hasEnforced2fa' ||
      top === 'twofactorVerified')
  )
}

const messages: Record<ContractDrift['kind'], string> = {
  'unknown-field': 'not in the contract',
  'wrong-type': 'not of the type the contract gives',
  'invalid-value': 'not a value the contract allows',
  'missing-required': 'missing: expected `_id` or `id`',
  'too-deep': `nested deeper than ${maxUnknownDepth} levels`,
}

/**
 * Parses a `POST /session` body into a {@link Session}: validates it against the contract
 * (`openapi/pixwel.yaml`), normalises the id, derives the two-factor state, fills preference
 * defaults and drops the password hash (and anything that looks like one). Unknown fields are
 * dropped. With `fields`, only those fields (plus `id` and `twoFactor`) are kept, so the
 * result is exactly what its type says.
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
  const { session, error } = readSession(data)
  if (error) throw error
  return options?.fields ? projectSession(session, options.fields) : session
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
    if (key in session) projected[key] = (session as unknown as Record<string, unknown>)[key]
  }
  return projected as SessionWithFields<F>
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

let warmed = false

/**
 * Runs the parser a few times on a synthetic body, so that V8 has compiled it before the
 * first real sign-in. {@link PixwelProvider} calls it when the browser is idle; call it
 * yourself where there is no provider. Cheap, and only the first call does anything.
 *
 * @example
 * ```ts
 * requestIdleCallback(() => warmSessionParser())
 * ```
 */
export function warmSessionParser(): void {
  if (warmed) return
  warmed = true
  for (let round = 0; round < 20; round++) readSession(warmUpBody(round))
}

/** A body that takes every path of the parser: every section, list and kind of value. */
function warmUpBody(round: number): Record<string, unknown> {
  const address = { name: 'Office', city: 'Paris', country: 'FR' }
  return {
    _id: `warm-${round}`,
    name: 'Warm Up',
    username: 'warm',
    hasEnforced2fa: round % 2 === 0,
    twofactorVerified: false,
    preferences: {
      mail: { enabled: true, projects: -1, shares: 0 },
      ingest: { maxUploads: 8 },
      contactLists: [{ name: 'Team', recipients: { groups: [], users: ['u'] } }],
      reports: { workRequests: { dashboard: [{ i: 'a', x: 0, y: 0, w: 1, h: 1 }] } },
    },
    territory: {
      _id: 't',
      name: 'France',
      countries: [{ name: 'France', code: 'FR' }],
      languages: [{ name: 'French', code: 'fr', dcpCode: 'FR' }],
      assignedLanguages: ['fr'],
    },
    status: { invited: false, approved: true },
    groups: [{ _id: `g${round}`, name: 'Group', addresses: [address], users: ['u'], studios: [] }],
    roles: ['user'],
    permissions: ['projects.read', { scope: 'assets', level: 2 }],
    flags: [],
    $links: { self: '/api/users/warm' },
  }
}
