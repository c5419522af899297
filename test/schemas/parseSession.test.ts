import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPixwelError, parseSession, PixwelError, sessionSchema } from '../../src/index'
import { buildSessionResponse, syntheticPasswordHash } from '../../src/testing/index'
import {
  exampleOf,
  sessionResponseNode,
  setAt,
  typedPaths,
  wrongValueFor,
} from '../support/openapi'

function parseError(body: unknown): PixwelError {
  try {
    parseSession(body)
  } catch (error) {
    if (error instanceof PixwelError) return error
    throw error
  }
  throw new Error('parseSession accepted the body')
}

describe('parseSession', () => {
  it('parses the example the OpenAPI document describes', () => {
    const example = exampleOf(sessionResponseNode) as Record<string, unknown>
    expect(example._id).toBe('58c6e38e4b161cef068b4576')

    const session = parseSession(example)

    expect(session.id).toBe('58c6e38e4b161cef068b4576')
    expect(session.name).toBe('Jeff Loiselle')
    expect(session.territory?.code).toBe('US')
    expect(session.groups[0]?.name).toBe('PIXWEL')
    expect(session.preferences.mail.others).toBe(3600)
    expect(session.preferences.reports.workRequests.dashboard).toEqual([
      { i: 'timeline', x: 0, y: 0, w: 12, h: 2 },
    ])
    expect(session.twoFactor).toEqual({ enforced: false, verified: false, required: false })
    expect(sessionSchema.safeParse(session).success).toBe(true)
  })

  it('drops the password hash', () => {
    const session = parseSession(buildSessionResponse())
    expect(session).not.toHaveProperty('password')
    expect(JSON.stringify(session)).not.toContain(syntheticPasswordHash)
    expect(JSON.stringify(session)).not.toMatch(/\$2[abxy]\$/)
  })

  it('drops a hash the server adds under other keys and inside untyped lists', () => {
    const hash = '$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234'
    const body = {
      ...buildSessionResponse(),
      passwordHash: hash,
      credentials: { password: hash },
      permissions: [{ password: 'x', note: hash }, hash, 'projects.read'],
      groups: [{ name: 'G', studios: [{ hash }] }],
      preferences: { contactLists: [{ name: hash }] },
    }
    const session = parseSession(body)
    const text = JSON.stringify(session)
    expect(text).not.toContain(hash)
    expect(text).not.toMatch(/\$2[abxy]\$/)
    expect(session.permissions).toEqual([{ note: '[redacted]' }, '[redacted]', 'projects.read'])
    expect(body.permissions[1]).toBe(hash) // the input is not mutated
  })

  it.each([
    ['_id only', { _id: 'a1' }, 'a1'],
    ['id only', { id: 'b2' }, 'b2'],
    ['both, _id wins', { _id: 'a1', id: 'b2' }, 'a1'],
  ])('takes the id from %s', (_, ids, expected) => {
    const { _id: _ignoredId, id: _ignoredAlias, ...rest } = buildSessionResponse()
    expect(parseSession({ ...rest, ...ids }).id).toBe(expected)
  })

  it('fails with invalid-response when neither _id nor id is present', () => {
    const { _id: _ignoredId, id: _ignoredAlias, ...rest } = buildSessionResponse()
    const error = parseError(rest)
    expect(error.kind).toBe('invalid-response')
    expect(error.message).toContain('_id')
  })

  it('derives the two-factor state', () => {
    const twoFactor = (hasEnforced2fa?: boolean, twofactorVerified?: boolean) =>
      parseSession({ _id: 'x', hasEnforced2fa, twofactorVerified }).twoFactor
    expect(twoFactor(true, false)).toEqual({ enforced: true, verified: false, required: true })
    expect(twoFactor(true, true)).toEqual({ enforced: true, verified: true, required: false })
    expect(twoFactor(false, false)).toEqual({ enforced: false, verified: false, required: false })
    expect(twoFactor(undefined, undefined)).toEqual({
      enforced: false,
      verified: false,
      required: false,
    })
  })

  it('fills defaults for missing preferences and lists', () => {
    const session = parseSession({ _id: 'sparse', preferences: { mail: { enabled: false } } })
    expect(session.preferences.mail.enabled).toBe(false)
    expect(session.preferences.mail.others).toBe(3600)
    expect(session.preferences.ingest).toEqual({ skipScratchPreview: true, maxUploads: 8 })
    expect(session.preferences.contactLists).toEqual([])
    expect(session.preferences.agent.instructions).toBe('')
    expect(session.groups).toEqual([])
    expect(session.roles).toEqual([])
    expect(session.name).toBeUndefined()
    expect(session.territory).toBeUndefined()
    expect(sessionSchema.safeParse(session).success).toBe(true)
  })

  it('tolerates keys the proxy middleware adds, and drops them', () => {
    const session = parseSession({ ...buildSessionResponse(), $permissions: { a: 1 }, extra: 1 })
    expect(session).not.toHaveProperty('extra')
    expect(session).not.toHaveProperty('$permissions')
  })

  it('accepts anything, null included, where the spec says items: {}', () => {
    const session = parseSession({
      _id: 'x',
      queue: [null, 1, 'a', { b: [] }],
      flags: [null],
      permissions: [true, 2],
    })
    expect(session.queue).toEqual([null, 1, 'a', { b: [] }])
    expect(session.flags).toEqual([null])
  })

  it('keeps only the requested fields, plus id and twoFactor', () => {
    const session = parseSession(buildSessionResponse(), { fields: ['name', 'territory'] })
    expect(Object.keys(session).sort()).toEqual(['id', 'name', 'territory', 'twoFactor'])
  })

  const wrongTyped = typedPaths(sessionResponseNode)

  it('knows every typed property of the spec', () => {
    expect(wrongTyped.length).toBeGreaterThan(60)
  })

  it.each(wrongTyped.map((leaf) => [leaf.path.join('.'), leaf] as const))(
    'rejects a wrong-typed %s with invalid-response naming its path',
    (_, leaf) => {
      const body = exampleOf(sessionResponseNode)
      setAt(body, leaf.path, wrongValueFor(leaf.type))
      const error = parseError(body)
      expect(error.kind).toBe('invalid-response')
      expect(
        error.kind === 'invalid-response' && error.issues?.map((issue) => issue.path.join('.')),
      ).toContain(leaf.path.join('.'))
      const shown = leaf.path
        .map((key, index) => (typeof key === 'number' ? `[${key}]` : (index ? '.' : '') + key))
        .join('')
      expect(error.message).toContain(shown)
    },
  )

  it('rejects bodies that are not an object', () => {
    for (const body of [null, 'text', 42, [], true]) {
      expect(parseError(body).kind).toBe('invalid-response')
    }
  })

  it('refuses untyped data nested deeper than it walks, as invalid-response', () => {
    let deep: unknown = 'leaf'
    for (let level = 0; level < 10_000; level++) deep = [deep]
    const error = parseError({ _id: 'x', permissions: [deep] })
    expect(error.kind).toBe('invalid-response')
  })

  it('yields a Session or a PixwelError for any JSON value, never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc
            .record({ _id: fc.string({ minLength: 1 }) }, { requiredKeys: [] })
            .chain((ids) =>
              fc
                .dictionary(fc.constantFrom(...Object.keys(buildSessionResponse())), fc.jsonValue())
                .map((fields) => ({ ...fields, ...ids })),
            ),
        ),
        (body) => {
          try {
            const session = parseSession(body)
            expect(sessionSchema.safeParse(session).success).toBe(true)
          } catch (error) {
            expect(isPixwelError(error)).toBe(true)
            expect((error as PixwelError).kind).toBe('invalid-response')
          }
        },
      ),
      { numRuns: 500, seed: 20261127 },
    )
  })
})
