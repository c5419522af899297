import type { z } from 'zod'
import { PixwelError, type PixwelIssue } from '../errors/PixwelError.js'
import type { Preferences } from './preferences.js'
import type { Session } from './session.js'
import type { SessionField, SessionWithFields } from './sessionFields.js'
import { sessionResponseSchema, type SessionResponse } from './sessionResponse.js'

/** Values the spec allows as anything (`items: {}`) are walked at most this deep. */
export const maxUnknownDepth = 64

const REDACTED = '[redacted]'
const bcryptLike = /\$2[abxy]?\$\d\d\$/
const secretKey = /pass(word)?|hash|secret|salt/i

type Wire = z.infer<typeof sessionResponseSchema>
type WirePreferences = NonNullable<Wire['preferences']>

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
  const result = sessionResponseSchema.safeParse(data)
  if (!result.success) {
    throw invalidResponse(
      result.error.issues.map((issue) => ({
        path: issue.path,
        code: issue.code,
        message: issue.message,
      })),
    )
  }
  const id = result.data._id || result.data.id
  if (!id) {
    throw invalidResponse([
      { path: ['_id'], code: 'custom', message: 'Missing: expected `_id` or `id`' },
    ])
  }
  const session = toSession(result.data, id, options?.fields)
  return redact(session, [], 0) as Partial<Session>
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

function toSession(
  wire: SessionResponse,
  id: string,
  fields: readonly SessionField[] | undefined,
): Partial<Session> {
  const wants = (field: SessionField) => !fields || fields.includes(field)
  const enforced = wire.hasEnforced2fa ?? false
  const verified = wire.twofactorVerified ?? false
  const session: Partial<Session> = {
    id,
    twoFactor: { enforced, verified, required: enforced && !verified },
  }
  if (wants('username') && wire.username !== undefined) session.username = wire.username
  if (wants('emailNormal') && wire.emailNormal !== undefined) {
    session.emailNormal = wire.emailNormal
  }
  if (wants('name') && wire.name !== undefined) session.name = wire.name
  if (wants('invite') && wire.invite !== undefined) session.invite = wire.invite
  if (wants('status') && wire.status) {
    const { invited = false, approved = false, registered = false, confirmed = false } = wire.status
    session.status = { invited, approved, registered, confirmed }
  }
  if (wants('territory') && wire.territory) {
    const { _id, name, code, standard, countries, languages, assignedLanguages } = wire.territory
    session.territory = {
      ...(_id === undefined ? {} : { id: _id }),
      ...(name === undefined ? {} : { name }),
      ...(code === undefined ? {} : { code }),
      ...(standard === undefined ? {} : { standard }),
      countries: countries ?? [],
      languages: languages ?? [],
      assignedLanguages: assignedLanguages ?? [],
    }
  }
  if (wants('groups')) {
    session.groups = (wire.groups ?? []).map(({ _id, name, type, addresses, studios, users }) => ({
      ...(_id === undefined ? {} : { id: _id }),
      ...(name === undefined ? {} : { name }),
      ...(type === undefined ? {} : { type }),
      addresses: addresses ?? [],
      studios: studios ?? [],
      users: users ?? [],
    }))
  }
  if (wants('roles')) session.roles = wire.roles ?? []
  if (wants('permissions')) session.permissions = wire.permissions ?? []
  if (wants('flags')) session.flags = wire.flags ?? []
  if (wants('studios')) session.studios = wire.studios ?? []
  if (wants('queue')) session.queue = wire.queue ?? []
  if (wants('orderQueue')) session.orderQueue = wire.orderQueue ?? []
  if (wants('shareQueue')) session.shareQueue = wire.shareQueue ?? []
  if (wants('$links')) {
    session.links = wire.$links?.self === undefined ? {} : { self: wire.$links.self }
  }
  if (wants('preferences')) session.preferences = toPreferences(wire.preferences ?? {})
  return session
}

function toPreferences(wire: WirePreferences): Preferences {
  const mail = wire.mail ?? {}
  const dashboard = wire.reports?.workRequests?.dashboard ?? []
  return {
    blacklist: { projects: wire.blacklist?.projects ?? [] },
    mail: {
      enabled: mail.enabled ?? true,
      projects: mail.projects ?? -1,
      assets: mail.assets ?? -1,
      files: mail.files ?? -1,
      work_requests: mail.work_requests ?? -1,
      shares: mail.shares ?? 0,
      ingest: mail.ingest ?? -1,
      offline_comments: mail.offline_comments ?? -1,
      others: mail.others ?? 3600,
      work_request_comments: mail.work_request_comments ?? -1,
      workflow: mail.workflow ?? -1,
    },
    ingest: {
      skipScratchPreview: wire.ingest?.skipScratchPreview ?? true,
      maxUploads: wire.ingest?.maxUploads ?? 8,
    },
    contactLists: (wire.contactLists ?? []).map((list) => ({
      name: list.name ?? '',
      recipients: {
        groups: list.recipients?.groups ?? [],
        users: list.recipients?.users ?? [],
      },
    })),
    reports: {
      workRequests: {
        dashboard: dashboard.map(({ i = '', x = 0, y = 0, w = 1, h = 1 }) => ({ i, x, y, w, h })),
        hiddenCharts: wire.reports?.workRequests?.hiddenCharts ?? [],
      },
    },
    agent: { instructions: wire.agent?.instructions ?? '' },
  }
}

/**
 * Returns `value` without anything that looks like a password hash: bcrypt-like strings become
 * `[redacted]`, keys that name a secret or look like a hash are dropped. Copy on write: clean
 * parts (the usual case) are returned as they are, so the input is never mutated. Parts the
 * spec leaves untyped are walked only to {@link maxUnknownDepth}; deeper is an
 * `invalid-response`, not a stack overflow.
 */
function redact(value: unknown, path: PropertyKey[], depth: number): unknown {
  if (typeof value === 'string') {
    return value.includes('$2') && bcryptLike.test(value) ? REDACTED : value
  }
  if (typeof value !== 'object' || value === null) return value
  if (depth > maxUnknownDepth) {
    throw invalidResponse([
      {
        path,
        code: 'too_deep',
        message: `nested deeper than ${maxUnknownDepth} levels`,
      },
    ])
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index]
      const clean = redact(item, path, depth + 1)
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
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue
    const item = record[key]
    // A hash can be a key too (`{ "$2b$10$…": true }`), not only a value.
    if (secretKey.test(key) || (key.includes('$2') && bcryptLike.test(key))) {
      copy ??= { ...record }
      Reflect.deleteProperty(copy, key)
      continue
    }
    const clean = redact(item, path, depth + 1)
    if (clean !== item) {
      copy ??= { ...record }
      copy[key] = clean
    }
  }
  return copy ?? value
}
