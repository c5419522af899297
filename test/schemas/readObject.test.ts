import fc from 'fast-check'
import { describe, expect, it, onTestFinished, vi } from 'vitest'
import {
  contractVersion,
  parseSession,
  PixwelError,
  warmSessionParser,
  type ContractDriftReport,
  type ContractMode,
  type Session,
} from '../../src/index'
import {
  everyRendering,
  findSecrets,
  sentinelHash,
  sentinelPassword,
} from '../adversarial/support/sentinels'
import { contract, exampleOf, sessionResponseNode, setAt, typedPaths } from '../support/openapi'

type Body = Record<string, unknown>
type Outcome = { session: Session; error?: undefined } | { session?: undefined; error: PixwelError }

const essential = new Set(['_id', 'id', 'hasEnforced2fa', 'twofactorVerified'])
const example = () => structuredClone(exampleOf(sessionResponseNode)) as Body

/** parseSession in a mode: the outcome and the reports it sent. */
function parse(
  body: unknown,
  contract: ContractMode,
): Outcome & { reports: ContractDriftReport[] } {
  const reports: ContractDriftReport[] = []
  const onContractDrift = (report: ContractDriftReport) => reports.push(report)
  try {
    return { session: parseSession(body, { contract, onContractDrift }), reports }
  } catch (error) {
    if (!(error instanceof PixwelError)) throw error
    return { error, reports }
  }
}

/** A value of any JSON type but `type` (an integer's wrong values include 1.5 and "5"). */
function wrongValue(type: string): fc.Arbitrary<unknown> {
  const values: fc.Arbitrary<unknown>[] = [fc.constant(null)]
  if (type !== 'string')
    values.push(fc.string(), fc.constant(sentinelPassword), fc.constant(sentinelHash))
  if (type !== 'boolean') values.push(fc.boolean())
  if (type !== 'integer' && type !== 'number') values.push(fc.integer())
  if (type === 'integer')
    values.push(fc.double({ noInteger: true, noNaN: true }), fc.constant(2 ** 60))
  if (type !== 'array') values.push(fc.array(fc.integer(), { maxLength: 2 }))
  if (type !== 'object') values.push(fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }))
  return fc.oneof(...values)
}

const paths = typedPaths(sessionResponseNode)
const nonEssential = paths.filter(({ path }) => !essential.has(String(path[0])))
const essentials = paths.filter(({ path }) => essential.has(String(path[0])))

/**
 * The body the tolerant reading should equal: without the wrong field, or without its list
 * when the wrong value is a list's item (lists fall back whole).
 */
function withoutWrongField(body: Body, path: (string | number)[]): Body {
  const cut = structuredClone(body)
  const field = typeof path.at(-1) === 'number' ? path.slice(0, -1) : path
  let cursor = cut as Record<string | number, unknown>
  for (const key of field.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>
  Reflect.deleteProperty(cursor, field.at(-1)!)
  return cut
}

describe('contract drift', () => {
  it('reads the contract version from openapi/pixwel.yaml', () => {
    expect(contractVersion).toBe(contract.info.version)
  })

  it('costs nothing and reports nothing for a body that matches the contract', () => {
    const { session, reports } = parse(example(), 'strict')
    expect(session).toBeDefined()
    expect(reports).toEqual([])
  })

  it('a wrong value in a non-essential field: tolerant falls back to its default and reports exactly that path; strict fails with the same report', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...nonEssential)
          .chain((leaf) => fc.tuple(fc.constant(leaf), wrongValue(leaf.type))),
        ([{ path }, value]) => {
          const body = example()
          setAt(body, path, value)
          const tolerant = parse(body, 'tolerant')
          const strict = parse(body, 'strict')

          expect(tolerant.error?.toJSON()).toBeUndefined()
          expect(tolerant.session).toEqual(parse(withoutWrongField(body, path), 'strict').session)
          expect(tolerant.reports).toHaveLength(1)
          expect(tolerant.reports[0]).toMatchObject({
            contractVersion,
            mode: 'tolerant',
            accepted: true,
            drift: [{ path, kind: expect.stringMatching(/^(wrong-type|invalid-value)$/) }],
          })

          expect(strict.error?.kind).toBe('invalid-response')
          expect(strict.reports).toHaveLength(1)
          expect(strict.reports[0]).toMatchObject({ mode: 'strict', accepted: false })
          expect(strict.reports[0]!.drift).toEqual(tolerant.reports[0]!.drift)
          const issues = strict.error?.kind === 'invalid-response' ? strict.error.issues : []
          expect(issues?.map((issue) => issue.path)).toEqual([path])
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a wrong value in an essential field fails the sign-in in both modes', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...essentials)
          .chain((leaf) =>
            fc.tuple(
              fc.constant(leaf),
              wrongValue(leaf.type),
              fc.constantFrom<ContractMode>('strict', 'tolerant'),
            ),
          ),
        ([{ path }, value, mode]) => {
          const body = example()
          setAt(body, path, value)
          const outcome = parse(body, mode)
          expect(outcome.session).toBeUndefined()
          expect(outcome.error?.kind).toBe('invalid-response')
          expect(outcome.reports[0]?.drift).toContainEqual({ path, kind: expect.any(String) })
          expect(outcome.reports[0]?.accepted).toBe(false)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('reports unknown fields at any depth by path, and drops them', () => {
    const objects = [
      { path: [] as (string | number)[], type: 'object' },
      ...paths.filter((leaf) => leaf.type === 'object'),
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...objects),
        fc
          .stringMatching(/^[a-z$][A-Za-z0-9_]{0,12}$/)
          .filter((key) => !/pass|hash|secret|salt/i.test(key)),
        fc.jsonValue(),
        fc.constantFrom<ContractMode>('strict', 'tolerant'),
        ({ path }, key, value, mode) => {
          const body = example()
          let target = body as Record<string | number, unknown>
          for (const step of path) target = target[step] as Record<string | number, unknown>
          fc.pre(!(key in target))
          const before = parse(body, mode).session
          target[key] = value
          const { session, reports } = parse(body, mode)
          expect(session).toEqual(before)
          expect(reports).toHaveLength(1)
          expect(reports[0]!.drift).toEqual([{ path: [...path, key], kind: 'unknown-field' }])
        },
      ),
      { numRuns: 200 },
    )
  })

  it('never puts a value in a report: not the hash, not a secret-named field, not a password', () => {
    const body = example()
    setAt(body, ['preferences', 'mail', 'enabled'], sentinelPassword)
    setAt(body, ['name'], { value: sentinelHash })
    setAt(body, ['groups', 0, 'name'], [sentinelPassword])
    setAt(body, ['territory', 'passwordHash'], sentinelHash)
    setAt(body, ['territory', sentinelHash], 1)
    setAt(body, ['territory', 'x'.repeat(10_000)], 1)
    setAt(body, ['password'], { hash: sentinelHash })
    body[sentinelPassword] = sentinelPassword
    for (const mode of ['strict', 'tolerant'] as const) {
      const { reports } = parse(body, mode)
      expect(reports).toHaveLength(1)
      const text = everyRendering(reports)
      expect(findSecrets(text)).toEqual([])
      expect(text).not.toContain('passwordHash')
      expect(text).not.toContain('x'.repeat(100))
      expect(reports[0]!.drift.map((drift) => drift.kind)).toContain('unknown-field')
    }
  })

  it('gives the report before the invalid-response, frozen, and survives a throwing callback', () => {
    const body = example()
    setAt(body, ['roles'], 'admin')
    const order: string[] = []
    // Node has no reportError: the callback's error goes to console.error, and only there.
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    onTestFinished(() => reported.mockRestore())
    expect(() =>
      parseSession(body, {
        onContractDrift: (report) => {
          order.push('report')
          expect(Object.isFrozen(report) && Object.isFrozen(report.drift[0]!.path)).toBe(true)
          throw new Error('the app callback broke')
        },
      }),
    ).toThrow(expect.objectContaining({ kind: 'invalid-response' }) as Error)
    expect(order).toEqual(['report'])
    expect(reported.mock.calls).toEqual([[new Error('the app callback broke')]])
  })

  it('degrades roles, permissions and groups to least privilege in tolerant mode', () => {
    const body = example()
    body.roles = ['admin', 42]
    body.permissions = 'all'
    body.groups = [{ _id: 'g', name: 'Admins' }, 'root']
    const { session, reports } = parse(body, 'tolerant')
    expect(session).toMatchObject({ roles: [], permissions: [], groups: [] })
    expect(reports[0]!.drift).toEqual(
      [
        { path: ['permissions'], kind: 'wrong-type' },
        { path: ['groups', 1], kind: 'wrong-type' },
        { path: ['roles', 1], kind: 'wrong-type' },
      ].sort(
        (a, b) =>
          Object.keys(body).indexOf(String(a.path[0])) -
          Object.keys(body).indexOf(String(b.path[0])),
      ),
    )
  })

  it('checks its options as a JavaScript caller may pass them', () => {
    const body = example()
    for (const options of [
      { contract: 'lenient' },
      { onContractDrift: 'log' },
      { fields: 'name' },
    ]) {
      expect(() => parseSession(body, options as never)).toThrow(
        expect.objectContaining({ kind: 'configuration' }) as Error,
      )
    }
    const polluted = Object.prototype as { contract?: string }
    polluted.contract = 'tolerant'
    try {
      setAt(body, ['roles'], 'admin')
      expect(() => parseSession(body, {})).toThrow(
        expect.objectContaining({ kind: 'invalid-response' }) as Error,
      )
    } finally {
      delete polluted.contract
    }
  })
})

describe('hostile input from JavaScript callers (red-team round 3)', () => {
  const hash = `$2a$10$${'x'.repeat(53)}`
  const polluted = Object.prototype as Record<string, unknown>
  function withPollution(values: Record<string, unknown>, run: () => void) {
    Object.assign(polluted, values)
    try {
      run()
    } finally {
      for (const key of Object.keys(values)) Reflect.deleteProperty(polluted, key)
    }
  }

  it('a polluted Object.prototype changes neither the two-factor state nor the identity', () => {
    withPollution({ twofactorVerified: true, hasEnforced2fa: true, id: 'admin' }, () => {
      expect(parseSession({ _id: 'u1', hasEnforced2fa: true }).twoFactor).toEqual({
        enforced: true,
        verified: false,
        required: true,
      })
      expect(parse({ name: 'x' }, 'tolerant').error?.kind).toBe('invalid-response')
    })
  })

  it('a polluted Object.prototype neither sets options nor stands in for defaults', () => {
    let called = 0
    withPollution(
      { contract: 'tolerant', fields: ['name'], onContractDrift: () => called++, roles: ['admin'] },
      () => {
        expect(() => parseSession({ _id: 'u', name: 'n', roles: 5 })).toThrow(
          expect.objectContaining({ kind: 'invalid-response' }) as Error,
        )
        const session = parseSession({ _id: 'u' })
        expect(Object.hasOwn(session, 'roles') && session.roles).toEqual([])
        expect(Object.hasOwn(session, 'groups')).toBe(true)
      },
    )
    expect(called).toBe(0)
  })

  it('copies untyped values from what it checked: no getter, species or later change brings a hash in', () => {
    let reads = 0
    const flipping: unknown[] = []
    Object.defineProperty(flipping, 0, { get: () => (reads++ ? hash : 'clean'), enumerable: true })
    const species = ['ok', 'fine']
    Object.defineProperty(species, 'constructor', {
      value: { [Symbol.species]: () => new Proxy([], { get: () => hash }) },
    })
    const inner: Record<string, unknown> = { a: 1 }
    const body = {
      _id: 'u',
      flags: flipping,
      queue: species,
      studios: [inner],
      orderQueue: [{ toJSON: () => hash }],
    }
    const session = parseSession(body)
    inner.b = hash
    ;(body.queue as unknown[]).push(hash)
    expect(JSON.stringify(session)).not.toContain('$2a$')
    expect(session.studios).toEqual([{ a: 1 }])
  })

  it('drops secret-named keys in untyped parts, and redacts token- and email-like keys in reports', () => {
    const { session, reports } = parse(
      {
        _id: 'u',
        flags: [{ apiKey: 'k', access_token: 't', authorization: 'Basic x', note: 'kept' }],
        pat_live_0123456789: 1,
        'ada@example.com': 2,
      },
      'tolerant',
    )
    expect(session?.flags).toEqual([{ note: 'kept' }])
    expect(everyRendering(reports)).not.toMatch(/pat_live|ada@example/)
  })

  it('bounds the work on shared, cyclic and huge values: invalid-response, not a hang', () => {
    const shared: Record<string, unknown> = {}
    shared.x = shared
    shared.y = shared
    expect(parse({ _id: 'u', flags: [shared] }, 'strict').error?.kind).toBe('invalid-response')
    const tolerant = parse({ _id: 'u', flags: [shared] }, 'tolerant')
    expect(tolerant.session?.flags).toEqual([])
    expect(tolerant.reports[0]?.drift).toEqual([{ path: ['flags', 0], kind: 'too-deep' }])
    const huge = parse({ _id: 'u', roles: new Array(2 ** 32 - 1) }, 'tolerant')
    expect(huge.error?.kind).toBe('invalid-response')
    const issues = huge.error?.kind === 'invalid-response' ? huge.error.issues : undefined
    expect(issues?.map((issue) => issue.code)).toEqual(['too-large'])
    expect(() => parseSession({ _id: 'u' }, { fields: new Array(2 ** 32 - 1) })).toThrow(
      expect.objectContaining({ kind: 'configuration' }) as Error,
    )
  })

  it('turns unreadable `fields` into a configuration error', () => {
    const { proxy, revoke } = Proxy.revocable([], {})
    revoke()
    const iterating = ['name']
    iterating[Symbol.iterator] = () => {
      throw new TypeError('boom')
    }
    for (const fields of [proxy, iterating, ['name', 'password'], ['__proto__']]) {
      expect(() => parseSession({ _id: 'u' }, { fields } as never)).toThrow(
        expect.objectContaining({ kind: 'configuration' }) as Error,
      )
    }
  })

  it('lists at most 100 drifts, whatever their kind', () => {
    const body: Body = {}
    for (let index = 0; index < 150; index++) body[`extra${index}`] = index
    const { reports } = parse(body, 'strict')
    expect(reports[0]?.drift).toHaveLength(100)
    expect(reports[0]?.omitted).toBe(51)
  })
})

describe('warmSessionParser', () => {
  it('never throws: a deadline that throws, answers NaN, is not one, or warms re-entrantly', () => {
    expect(warmSessionParser({ timeRemaining: () => Number.NaN })).toBe(false)
    expect(
      warmSessionParser({
        timeRemaining: () => {
          throw new Error('no deadline')
        },
      }),
    ).toBe(false)
    let nested = true
    expect(
      warmSessionParser({
        timeRemaining: () => {
          if (nested) {
            nested = false
            warmSessionParser()
          }
          return 50
        },
      }),
    ).toBe(true)
    expect(warmSessionParser({} as never)).toBe(true)
    expect(parseSession({ _id: 'a' }).id).toBe('a')
  })
})
