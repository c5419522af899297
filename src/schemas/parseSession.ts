import { PixwelError, type PixwelIssue } from '../errors/PixwelError.js'
import { checkFunction, readOwn } from '../errors/readOwn.js'
import { callGuarded } from '../errors/reportCallbackError.js'
import {
  checkContractMode,
  type ContractDrift,
  type ContractDriftReport,
  type ContractMode,
} from './contractDrift.js'
import {
  hideHash,
  maxUnknownDepth,
  maxValuesRead,
  noteDrift,
  readObject,
  startReading,
  TooLarge,
  type Reading,
} from './readObject.js'
import type { Field } from './field.js'
import { contractVersion, sessionContract, type Session } from './sessionContract.js'
import {
  checkFields,
  domainKey,
  requiredSessionFields,
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
  } catch (failure) {
    // From a JavaScript caller: a getter or a proxy that throws, or an object too large.
    if (failure instanceof TooLarge) noteDrift(reading, 'too-large')
    const issue =
      failure instanceof TooLarge
        ? { path: [], code: 'too-large', message: messages['too-large'] }
        : { path: [], code: 'unreadable', message: 'could not be read' }
    return {
      session: undefined,
      report: reportOf(reading, mode, false),
      error: invalidResponse([issue]),
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
    noteDrift(reading, 'wrong-type')
    return undefined
  }
  const body = readObject(data, sessionContract, reading, 0)
  const roles = reading.roles
  const id = (roles._id || roles.id) as string | undefined
  if (!id) {
    reading.rejected = true
    noteDrift(reading, 'missing-required', '_id')
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

/** A drift of the body itself or of an essential field: those always asked for (their roles). */
function isEssential(drift: ContractDrift): boolean {
  const top = drift.path[0]
  return (
    drift.path.length <= 1 &&
    (top === undefined || (requiredSessionFields as readonly unknown[]).includes(top))
  )
}

const messages: Record<ContractDrift['kind'], string> = {
  'unknown-field': 'unknown',
  'wrong-type': 'wrong type',
  'invalid-value': 'value not allowed',
  'missing-required': 'no `_id` or `id`',
  'too-deep': `nested deeper than ${maxUnknownDepth} levels`,
  'too-large': `over ${maxValuesRead} values`,
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
  // The app's callback: its error is reported, and the parse goes on.
  if (report && onContractDrift) callGuarded(() => onContractDrift(report))
  if (error) throw error
  return fields ? projectSession(session, fields) : session
}

/** A JavaScript caller's options, read as own properties and checked. */
function readParseOptions(options: unknown): ParseSessionOptions & {
  fields?: readonly SessionField[]
} {
  // Every key named, so that destructuring never falls through to Object.prototype.
  if (options === undefined)
    return { fields: undefined, contract: undefined, onContractDrift: undefined }
  const configuration = (what: string) => new PixwelError('configuration', what)
  const read = readOwn(options, ['fields', 'contract', 'onContractDrift'], () =>
    configuration('parseSession takes an options object (or nothing).'),
  )
  const { fields, contract, onContractDrift } = read
  return {
    contract: checkContractMode(contract),
    onContractDrift: checkFunction<NonNullable<ParseSessionOptions['onContractDrift']>>(
      onContractDrift,
      '`onContractDrift`',
    ),
    fields: fields === undefined ? undefined : checkFields(fields),
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

/** Warm-up parses still to run (see {@link warmSessionParser}). */
let warmUpRounds = 240
let warmUpTexts: string[] | undefined

/**
 * Runs the parser on synthetic bodies until V8 has compiled it with the feedback a real
 * answer needs, so that the first sign-in parses close to warm speed (BENCHMARKS.md, page
 * load). Opt-in: nothing calls it for you (an app that never imports it ships none of it);
 * call it when the browser is idle. With an idle `deadline` it stops when the deadline is near
 * and returns `false` (call it again later); without one it runs to the end (a few tens of
 * milliseconds, once per page). Returns `true` once the parser is warm.
 *
 * @example
 * ```ts
 * requestIdleCallback(function warm(deadline) {
 *   if (!warmSessionParser(deadline)) requestIdleCallback(warm)
 * })
 * ```
 */
export function warmSessionParser(deadline?: { timeRemaining(): number }): boolean {
  try {
    warmUpTexts ??= warmUpBodies()
    const texts = warmUpTexts
    while (warmUpRounds > 0) {
      if (deadline && !(timeRemaining(deadline) >= 2)) return false
      // A call made from inside `timeRemaining` may have finished the rounds meanwhile.
      if (warmUpRounds <= 0) break
      warmUpRounds--
      // Parsed from text each time, as an answer is: JSON.parse's objects are what V8 must know.
      readSession(JSON.parse(texts[warmUpRounds % texts.length] as string), 'tolerant')
    }
  } catch {
    // Warming is an optimisation: whatever goes wrong, the parser works as well unwarmed.
    warmUpRounds = 0
  }
  return true
}

/** A caller's deadline, read defensively: one that throws, or answers no number, has ended. */
function timeRemaining(deadline: { timeRemaining(): number }): number {
  try {
    const remaining = deadline.timeRemaining()
    return typeof remaining === 'number' ? remaining : 0
  } catch {
    return 0
  }
}

/**
 * Bodies that take every path of the parser with every kind of value an answer has: all the
 * contract's fields in its order (as the API sends them), some left out (defaults), lists
 * empty or of several items, untyped items of each JSON type, and a bcrypt-looking password
 * (the API sends the hash; this one is synthetic).
 */
function warmUpBodies(): string[] {
  const untyped = ['warm', 7, true, null, { warm: 'up' }, ['warm']]
  const texts: string[] = []
  for (let variant = 0; variant < 12; variant++) {
    const build = (described: Field, index: number): unknown => {
      switch (described.kind) {
        case 'string':
          return index % 5 === 4 ? `$2a$10$${'w'.repeat(53)}` : `warm-${index}`
        case 'boolean':
          return index % 2 === 0
        case 'integer':
          return index
        case 'unknown':
          return untyped[(variant + index) % untyped.length]
        case 'list':
          return Array.from({ length: variant % 3 === 2 ? 0 : 3 }, (_, item) =>
            build(described.item, index + item),
          )
        case 'object': {
          const out: Record<string, unknown> = {}
          let position = 0
          for (const [key, value] of Object.entries(described.fields)) {
            // Every fourth variant leaves out every other field (but keeps the identity).
            if (variant % 4 !== 3 || position++ % 2 === 0 || key === '_id') {
              out[key] = build(value, index + position)
            }
          }
          return out
        }
      }
    }
    texts.push(JSON.stringify(build(sessionContract, variant)))
  }
  return texts
}
