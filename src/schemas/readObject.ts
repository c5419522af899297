import type { ContractDrift, ContractDriftKind } from './contractDrift.js'
import {
  domainName,
  hasDefault,
  roleOf,
  type Field,
  type FieldRole,
  type ObjectField,
} from './field.js'

/** Values the contract allows as anything (`items: {}`) are walked at most this deep. */
export const maxUnknownDepth = 64

/** At most this many drifts are listed in one report; the rest are counted. */
export const maxDriftListed = 100

/** A key or value that looks like a bcrypt hash, or a key that names a secret. */
const bcryptLike = /\$2[abxy]?\$\d\d\$/
/** Key names that name a secret: never kept in untyped parts, never shown in a report. */
const secretName =
  /pass(word)?|pwd|hash|secret|salt|token|api[-_]?key|authori[sz]ation|credential|private[-_]?key/i

/**
 * How many values one reading may visit: more than any body within the response size limit
 * holds (8 MiB), so only a JavaScript caller's object (a huge sparse array, a value shared
 * over and over) reaches it; the body is then `too-large`, not a page that hangs.
 */
export const maxValuesRead = 5_000_000

/** Thrown when a reading has visited {@link maxValuesRead} values. */
export class TooLarge extends Error {}
const REDACTED = '[redacted]'

/** The reader's answer for a value the contract does not allow. */
const WRONG: unique symbol = Symbol('wrong')

/** How a body is read, and what the reading found. */
export interface Reading {
  /** A non-essential field with a wrong value falls back to its default instead of failing. */
  readonly tolerant: boolean
  /** The path of the object being read (keys pushed on the way down). */
  readonly path: (string | number)[]
  /** The drifts found, if any (no allocation for a body that matches). */
  drift: ContractDrift[] | undefined
  /** How many drifts were found beyond {@link maxDriftListed}. */
  omitted: number
  /** The body cannot be accepted: an essential field is wrong, or (strict) any field is. */
  rejected: boolean
  /**
   * The values of fields with a role, by body name: the domain maps them specially. No
   * prototype, so a role the body left out is `undefined`, whatever `Object.prototype` holds.
   */
  readonly roles: Record<string, unknown>
  /** Values left to visit: see {@link maxValuesRead}. */
  budget: number
}

export function startReading(tolerant: boolean): Reading {
  return {
    tolerant,
    path: [],
    drift: undefined,
    omitted: 0,
    rejected: false,
    roles: Object.create(null) as Record<string, unknown>,
    budget: maxValuesRead,
  }
}

/** Notes a drift at the current path (plus `key`). */
export function noteDrift(reading: Reading, kind: ContractDriftKind, key?: string | number): void {
  const drift = (reading.drift ??= [])
  if (drift.length >= maxDriftListed) {
    reading.omitted++
    return
  }
  const path = reading.path.slice()
  if (key !== undefined) path.push(key)
  drift.push({ path, kind })
}

/**
 * A key as a report may show it: a field name as a proxy would add one (up to 64 letters,
 * digits and `_$@.-`). Any other key is redacted, and so is one that looks like a hash or
 * names a secret: a key is the server's text, and a careless proxy may leak a value in it.
 */
function safeKey(key: string): string {
  return plainKey.test(key) && !namesSecret(key) && !tokenOrEmail.test(key) ? key : REDACTED
}

/** A key that names a secret or looks like a hash: dropped from untyped parts, never shown. */
function namesSecret(key: string): boolean {
  return secretName.test(key) || bcryptLike.test(key)
}

const plainKey = /^[\w$@.-]{1,64}$/
/** A personal access token or an email address used as a key: the server's data, not a name. */
const tokenOrEmail = /^pat_|@/i

export function hideHash(value: string): string {
  return value.includes('$2') && bcryptLike.test(value) ? REDACTED : value
}

interface Entry {
  readonly field: Field
  /** Its {@link domainName}. */
  readonly name: string
  readonly role: FieldRole | undefined
  /** It has a default that {@link readObject} fills in. */
  readonly alwaysThere: boolean
}

/** Per object field of the contract: its fields by body name, and those with a default. */
interface Plan {
  /** A null-prototype object: faster than a Map here, and no key is inherited. */
  readonly byName: Readonly<Record<string, Entry | undefined>>
  readonly alwaysThere: readonly Entry[]
}

const plans = new WeakMap<ObjectField, Plan>()

function planOf(object: ObjectField): Plan {
  let plan = plans.get(object)
  if (!plan) {
    const byName: Record<string, Entry> = Object.create(null) as Record<string, Entry>
    for (const [key, value] of Object.entries(object.fields)) {
      const role = roleOf(value)
      // Fields with a role get their defaults where the domain maps them (parseSession).
      const alwaysThere = hasDefault(value) && !role
      byName[key] = { field: value, name: domainName(key), role, alwaysThere }
    }
    plan = { byName, alwaysThere: Object.values(byName).filter((entry) => entry.alwaysThere) }
    plans.set(object, plan)
  }
  return plan
}

/** The default of a field that has one (a fresh value each time). */
function defaultOf(described: Field, reading: Reading): unknown {
  if (described.kind === 'list') return []
  if (described.kind === 'object') return readObject({}, described, reading, 0)
  return described.kind === 'unknown' ? undefined : described.fallback
}

/**
 * Reads one value against its field: returns the domain value (always a fresh object or list,
 * typed or not), or {@link WRONG} after noting the drift under `key`.
 */
function readValue(
  value: unknown,
  described: Field,
  reading: Reading,
  key: string | number,
  depth: number,
): unknown {
  if (--reading.budget < 0) throw new TooLarge()
  switch (described.kind) {
    case 'string':
      if (typeof value === 'string') return hideHash(value)
      break
    case 'boolean':
      if (typeof value === 'boolean') return value
      break
    case 'integer':
      if (typeof value === 'number') {
        if (Number.isSafeInteger(value)) return value
        noteDrift(reading, 'invalid-value', key)
        return WRONG
      }
      break
    case 'unknown':
      return redactUntyped(value, depth, reading, key)
    case 'list':
      if (Array.isArray(value)) return readList(value, described.item, reading, key, depth)
      break
    case 'object':
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        reading.path.push(key)
        const result = readObject(value, described, reading, depth)
        reading.path.pop()
        return result
      }
      break
  }
  noteDrift(reading, 'wrong-type', key)
  return WRONG
}

function readList(
  items: readonly unknown[],
  item: Field,
  reading: Reading,
  key: string | number,
  depth: number,
): unknown {
  const length = items.length
  const out = new Array<unknown>(length)
  let wrong = false
  reading.path.push(key)
  for (let index = 0; index < length; index++) {
    const read = readValue(items[index], item, reading, index, depth + 1)
    if (read === WRONG) wrong = true
    else out[index] = read
  }
  reading.path.pop()
  // A list with a wrong item falls back as a whole: to the empty list, the least privilege.
  return wrong ? WRONG : out
}

/**
 * Reads a typed object: its own keys only (so a polluted `Object.prototype` adds nothing),
 * unknown ones noted and dropped, each value read once, defaults filled in, `_id` named `id`.
 */
export function readObject(
  value: object,
  described: ObjectField,
  reading: Reading,
  depth: number,
): Record<string, unknown> {
  const plan = planOf(described)
  const record = value as Record<string, unknown>
  const out: Record<string, unknown> = {}
  // How many fields with a default the body had: when it had them all, none is filled in.
  let present = 0
  for (const key of Object.keys(record)) {
    const entry = plan.byName[key]
    if (!entry) {
      // The contract's own names are shown as they are; a name the server made up may not be.
      noteDrift(reading, 'unknown-field', safeKey(key))
      continue
    }
    const item = record[key]
    if (item === undefined) continue
    const read = readValue(item, entry.field, reading, key, depth + 1)
    if (read === WRONG) {
      // Identity and two-factor state are essential: wrong, they fail the sign-in in any mode.
      const essential = entry.role === 'identity' || entry.role === 'two-factor'
      reading.rejected ||= essential || !reading.tolerant
    } else if (!entry.role) {
      out[entry.name] = read
      if (entry.alwaysThere) present++
    }
    // The hash is checked, never kept.
    else if (entry.role !== 'secret') reading.roles[key] = read
  }
  if (present < plan.alwaysThere.length) {
    for (const entry of plan.alwaysThere) {
      // Own only: a polluted Object.prototype must not stand in for a default.
      if (!Object.hasOwn(out, entry.name)) out[entry.name] = defaultOf(entry.field, reading)
    }
  }
  return out
}

/**
 * A copy of an untyped value without anything that looks like a password hash: bcrypt-like
 * strings become `[redacted]`, keys that name a secret or look like a hash are dropped, and so
 * are values JSON cannot hold (functions, symbols). Always a copy, made of the values read once
 * and checked: the session shares nothing with the caller's object, which could change later,
 * and a getter cannot answer the check and the copy differently. Deeper than
 * {@link maxUnknownDepth} is a `too-deep` drift, not a stack overflow.
 */
function redactUntyped(
  value: unknown,
  depth: number,
  reading: Reading,
  key: string | number,
): unknown {
  if (--reading.budget < 0) throw new TooLarge()
  if (typeof value === 'string') return hideHash(value)
  if (typeof value !== 'object' || value === null) return value
  if (depth > maxUnknownDepth) {
    noteDrift(reading, 'too-deep', key)
    return WRONG
  }
  if (Array.isArray(value)) {
    const length = value.length
    const copy = new Array<unknown>(length)
    for (let index = 0; index < length; index++) {
      const clean = redactUntyped(value[index], depth + 1, reading, key)
      if (clean === WRONG) return WRONG
      copy[index] = unrepresentable(clean) ? null : clean
    }
    return copy
  }
  const entries: [string, unknown][] = []
  const record = value as Record<string, unknown>
  for (const name of Object.keys(record)) {
    if (namesSecret(name)) continue
    const clean = redactUntyped(record[name], depth + 1, reading, key)
    if (clean === WRONG) return WRONG
    if (!unrepresentable(clean)) entries.push([name, clean])
  }
  // fromEntries defines each key: a key `__proto__` stays a plain key of the copy.
  return Object.fromEntries(entries)
}

/** Values JSON has no form for: dropped from objects, `null` in lists, as JSON.stringify does. */
function unrepresentable(value: unknown): boolean {
  return typeof value === 'function' || typeof value === 'symbol' || value === undefined
}
