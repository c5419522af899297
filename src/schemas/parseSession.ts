import { PixwelError, type PixwelIssue } from '../errors/PixwelError.js'
import { readOwn } from '../errors/readOwn.js'
import { reportCallbackError } from '../errors/reportCallbackError.js'
import type { ContractDrift, ContractDriftReport, ContractMode } from './contractDrift.js'
import { hideHash, maxUnknownDepth, readObject, startReading, type Reading } from './readBody.js'
import { contractVersion, sessionContract, type Session } from './sessionContract.js'
import {
  domainKey,
  sessionFields,
  type SessionField,
  type SessionWithFields,
} from './sessionFields.js'

/**
 * What a reading of a `POST /session` body gives: the session, unless the body had to be
 * rejected, and the drifts from the contract that it found.
 */
export type SessionReading = {
  /** The drifts found, or `undefined` for a body that matches the contract. */
  readonly report: ContractDriftReport | undefined
} & (
  | { readonly session: Session; readonly error: undefined }
  | { readonly session: undefined; readonly error: PixwelError }
)

/**
 * Reads a body against the session contract in one walk: validates it, maps it to the domain
 * (one `id`, `twoFactor`, defaults), drops the hash and anything that looks like one, and
 * notes every drift by path. Never throws: a body it cannot read is an `error`.
 */
export function readSession(data: unknown, mode: ContractMode = 'strict'): SessionReading {
  const reading = startReading(mode === 'tolerant')
  let session: Session | undefined
  try {
    session = toSession(data, reading)
  } catch {
    // A getter or a proxy that throws, from a JavaScript caller: the body cannot be read.
    return {
      session: undefined,
      report: reportOf(reading, mode, false),
      error: invalidResponse([{ path: [], code: 'unreadable', message: 'could not be read' }]),
    }
  }
  if (!session || reading.rejected) {
    const error = invalidResponse(issuesOf(reading.drift ?? [], reading.tolerant))
    return { session: undefined, error, report: reportOf(reading, mode, false) }
  }
  return { session, error: undefined, report: reportOf(reading, mode, true) }
}

/** The report of what a reading found, frozen (listeners share it); none if it found nothing. */
function reportOf(
  reading: Reading,
  mode: ContractMode,
  accepted: boolean,
): ContractDriftReport | undefined {
  const { drift, omitted } = reading
  if (!drift) return undefined
  for (const item of drift) Object.freeze(Object.freeze(item).path)
  return Object.freeze({
    contractVersion,
    endpoint: 'POST /session',
    mode,
    drift: Object.freeze(drift),
    omitted,
    accepted,
  })
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
 * dropped; every difference from the contract goes to `onContractDrift`, by path. With
 * `contract: 'tolerant'`, a wrong value in a non-essential field falls back to its default
 * instead of failing. With `fields`, only those fields (plus `id` and `twoFactor`) are kept, so the
 * result is exactly what its type says.
 *
 * @throws {PixwelError} kind `invalid-response`, with `issues` and a message naming the paths.
 * @example
 * ```ts
 * const session = parseSession(JSON.parse(text))
 * const slim = parseSession(body, { fields: ['name', 'territory'] })
 * const lenient = parseSession(body, { contract: 'tolerant', onContractDrift: console.warn })
 * ```
 */
export function parseSession(data: unknown, options?: ParseSessionOptions): Session
export function parseSession<F extends SessionField>(
  data: unknown,
  options: ParseSessionOptions & { fields: readonly F[] },
): SessionWithFields<F>
export function parseSession(
  data: unknown,
  options?: ParseSessionOptions & { fields?: readonly SessionField[] },
): Partial<Session> {
  const { fields, contract, onContractDrift } = readParseOptions(options)
  const { session, error, report } = readSession(data, contract)
  if (report && onContractDrift) {
    // The app's callback: its error is reported, and the parse goes on.
    try {
      onContractDrift(report)
    } catch (callbackError) {
      reportCallbackError(callbackError)
    }
  }
  if (error) throw error
  return fields ? projectSession(session, fields) : session
}

/** A JavaScript caller's options, read as own properties and checked. */
function readParseOptions(options: unknown): ParseSessionOptions & {
  fields?: readonly SessionField[]
} {
  if (options === undefined) return {}
  const configuration = (what: string) => new PixwelError('configuration', what)
  const read = readOwn(options, ['fields', 'contract', 'onContractDrift'], () =>
    configuration('parseSession takes an options object (or nothing).'),
  )
  const { fields, contract, onContractDrift } = read
  if (contract !== undefined && contract !== 'strict' && contract !== 'tolerant') {
    throw configuration("`contract` must be 'strict' or 'tolerant'.")
  }
  if (onContractDrift !== undefined && typeof onContractDrift !== 'function') {
    throw configuration('`onContractDrift` must be a function.')
  }
  if (fields !== undefined && !Array.isArray(fields)) {
    throw configuration('`fields` must be an array of session field names.')
  }
  return {
    contract,
    onContractDrift: onContractDrift as ParseSessionOptions['onContractDrift'],
    fields: fields as readonly SessionField[] | undefined,
  }
}

/**
 * Options of {@link parseSession}, as a client has them.
 */
export interface ParseSessionOptions {
  /** `strict` (default) or `tolerant`: see {@link ContractMode}. */
  contract?: ContractMode
  /** Called with the differences from the contract, before an `invalid-response` is thrown. */
  onContractDrift?: (report: ContractDriftReport) => void
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
    // Only names of the contract: anything else a JavaScript caller passed selects nothing.
    if (!sessionFields.includes(field)) continue
    const key = domainKey(field)
    const own = Object.getOwnPropertyDescriptor(session, key)
    if (own) projected[key] = own.value
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
