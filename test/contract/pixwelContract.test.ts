import axios, { isAxiosError, type AxiosAdapter, type AxiosResponse } from 'axios'
import { mkdirSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashAccountPasswords } from '../../server/hashAccountPasswords.js'
import { startPixwelServer, type PixwelServer } from '../../server/startPixwelServer.js'
import {
  createPixwelClient,
  isPixwelError,
  sessionSchema,
  type ContractDriftReport,
  type PixwelError,
  type Session,
  type SessionField,
} from '../../src/index.js'
import {
  demoAccounts,
  demoPassword,
  sessionScenarios,
  type PixwelAccount,
  type SessionScenario,
} from '../../src/testing/index.js'
import {
  contractPath,
  readViolations,
  startPrism,
  type Prism,
  type PrismViolation,
} from './prism.js'

interface Exchange {
  status: number
  contentType: string
  violations: PrismViolation[]
}

const httpAdapter = axios.getAdapter('http')

/** The platform adapter, recording the status and Prism's verdict of each exchange. */
function recordingAdapter(exchanges: Exchange[]): AxiosAdapter {
  const record = (response: AxiosResponse) => {
    exchanges.push({
      status: response.status,
      contentType: String(response.headers['content-type'] ?? ''),
      violations: readViolations(response.headers['sl-violations']),
    })
  }
  return async (config) => {
    try {
      const response = await httpAdapter(config)
      record(response)
      return response
    } catch (error) {
      if (isAxiosError(error) && error.response) record(error.response)
      throw error
    }
  }
}

async function signIn(
  baseURL: string,
  credentials: { username: string; password: string },
  fields?: readonly SessionField[],
): Promise<{ session?: Partial<Session>; error?: PixwelError; exchanges: Exchange[] }> {
  const exchanges: Exchange[] = []
  const client = createPixwelClient({ baseURL, adapter: recordingAdapter(exchanges) })
  try {
    const session = fields
      ? await client.createSession(credentials, { fields })
      : await client.createSession(credentials)
    return { session, exchanges }
  } catch (error) {
    if (!isPixwelError(error)) throw error
    return { error, exchanges }
  }
}

const isUndocumentedStatus = (violation: PrismViolation) =>
  violation.severity === 'Warning' &&
  violation.location.join('.') === 'response' &&
  violation.message.startsWith('Unable to match the returned status code')

describe('prism mock of openapi/pixwel.yaml', () => {
  let prism: Prism

  beforeAll(async () => {
    prism = await startPrism(['mock', contractPath, '--errors'])
  })
  afterAll(() => prism?.close())

  it("should accept the client's sign-in request and give a session the client parses", async () => {
    const { session, error, exchanges } = await signIn(prism.url, {
      username: 'demo@example.com',
      password: demoPassword,
    })
    expect(error).toBeUndefined()
    expect(exchanges).toEqual([
      { status: 200, contentType: expect.stringMatching(/json/i), violations: [] },
    ])
    // The document's own example, mapped to the domain shape.
    expect(session).toMatchObject({
      id: '58c6e38e4b161cef068b4576',
      name: 'Jeff Loiselle',
      territory: { id: '51e149cdd5cddce641000048', code: 'US' },
      groups: [{ id: '5328d77467d621906d8b4574', name: 'PIXWEL' }],
      twoFactor: { enforced: false, verified: false, required: false },
    })
    expect(JSON.stringify(session)).not.toContain('$2a$')
  })

  it('should refuse a request without credentials, so the check above means something', async () => {
    const response = await fetch(`${prism.url}/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBe(401)
  })
})

describe('prism mock --dynamic of openapi/pixwel.yaml', () => {
  let prism: Prism

  beforeAll(async () => {
    prism = await startPrism(['mock', contractPath, '--dynamic', '--seed', 'pixwel-react'])
  })
  afterAll(() => prism?.close())

  it('should parse a session generated from the schema rather than copied from its example', async () => {
    const { session, error } = await signIn(prism.url, {
      username: 'demo@example.com',
      password: demoPassword,
    })
    expect(error?.toJSON()).toBeUndefined()
    expect(session?.id).toEqual(expect.any(String))
    expect(session?.id).not.toBe('58c6e38e4b161cef068b4576')
  })
})

describe('prism mock --dynamic, read with contract: tolerant', () => {
  let prism: Prism

  beforeAll(async () => {
    // No seed: every answer is generated anew from the schema.
    prism = await startPrism(['mock', contractPath, '--dynamic'])
  })
  afterAll(() => prism?.close())

  it('turns every generated answer into a session or an invalid-response, and counts the drift', async () => {
    const kinds: Record<string, number> = {}
    const outcomes: Record<string, number> = {}
    const reports: ContractDriftReport[] = []
    for (let round = 0; round < 40; round++) {
      const client = createPixwelClient({
        baseURL: prism.url,
        contract: 'tolerant',
        onContractDrift: (report) => reports.push(report),
      })
      try {
        const session = await client.createSession({
          username: 'demo@example.com',
          password: demoPassword,
        })
        expect(sessionSchema.safeParse(session).success).toBe(true)
        outcomes.session = (outcomes.session ?? 0) + 1
      } catch (error) {
        expect(isPixwelError(error) && error.kind).toBe('invalid-response')
        outcomes['invalid-response'] = (outcomes['invalid-response'] ?? 0) + 1
      }
    }
    for (const report of reports) {
      for (const drift of report.drift) kinds[drift.kind] = (kinds[drift.kind] ?? 0) + 1
    }
    // The figures of the closing note: what Prism's generator produces that the contract,
    // as the client reads it, does not allow.
    mkdirSync('artifacts', { recursive: true })
    writeFileSync(
      'artifacts/prism-drift.json',
      JSON.stringify({ answers: 40, outcomes, reports: reports.length, kinds }, null, 2),
    )
    expect((outcomes.session ?? 0) + (outcomes['invalid-response'] ?? 0)).toBe(40)
  })
})

describe('prism proxy --errors in front of the embedded API', () => {
  // The demo accounts, plus the two scenarios the demo does not seed.
  const accounts: PixwelAccount[] = [
    ...demoAccounts,
    { username: 'server-error@example.com', password: demoPassword, scenario: 'server-error' },
    { username: 'network-error@example.com', password: demoPassword, scenario: 'network-error' },
  ]
  const usernameFor = (scenario: SessionScenario) =>
    scenario === 'invalid-credentials'
      ? 'demo@example.com'
      : accounts.find((account) => (account.scenario ?? 'success') === scenario)?.username
  const passwordFor = (scenario: SessionScenario) =>
    scenario === 'invalid-credentials' ? 'not-the-password' : demoPassword

  let api: PixwelServer
  let prism: Prism

  beforeAll(async () => {
    const hashed = await hashAccountPasswords(accounts, { cost: 4 })
    api = await startPixwelServer({ ...hashed, delayMs: 200 })
    prism = await startPrism(['proxy', contractPath, api.url, '--errors'])
  })
  afterAll(async () => {
    await prism?.close()
    await api?.close()
  })

  it('should reach every scenario of the test kit', () => {
    for (const scenario of sessionScenarios) expect(usernameFor(scenario), scenario).toBeDefined()
  })

  it.each(['success', 'two-factor-required', 'slow'] as const)(
    'should pass %s through without a single violation',
    async (scenario) => {
      const { session, error, exchanges } = await signIn(prism.url, {
        username: usernameFor(scenario)!,
        password: passwordFor(scenario),
      })
      expect(error?.toJSON()).toBeUndefined()
      expect(exchanges).toEqual([
        { status: 200, contentType: expect.stringMatching(/json/i), violations: [] },
      ])
      expect(session?.twoFactor?.required).toBe(scenario === 'two-factor-required')
    },
  )

  it('should pass a ?fields= selection through without a violation', async () => {
    const { session, error, exchanges } = await signIn(
      prism.url,
      { username: 'demo@example.com', password: demoPassword },
      ['name', 'territory'],
    )
    expect(error?.toJSON()).toBeUndefined()
    expect(exchanges).toEqual([
      { status: 200, contentType: expect.stringMatching(/json/i), violations: [] },
    ])
    expect(session).toMatchObject({ name: 'Dana Demo', territory: { code: 'US' } })
    expect(session).not.toHaveProperty('groups')
  })

  // The document describes only the 200 of POST /session: Prism warns that these statuses are
  // undocumented, and finds nothing else wrong with the request or the response.
  it.each([
    ['invalid-credentials', 401, 'invalid-credentials'],
    ['forbidden', 403, 'forbidden'],
    ['rate-limited', 429, 'rate-limited'],
    ['server-error', 502, 'server'],
  ] as const)(
    'should pass %s (HTTP %i) through with only the undocumented-status warning',
    async (scenario, status, kind) => {
      const { error, exchanges } = await signIn(prism.url, {
        username: usernameFor(scenario)!,
        password: passwordFor(scenario),
      })
      expect(error?.kind).toBe(kind)
      expect(exchanges).toHaveLength(1)
      expect(exchanges[0]!.status).toBe(status)
      expect(exchanges[0]!.violations.length).toBeGreaterThan(0)
      expect(
        exchanges[0]!.violations.filter((violation) => !isUndocumentedStatus(violation)),
      ).toEqual([])
      if (error?.kind === 'rate-limited') expect(error.retryAfterMs).toBe(30_000)
    },
  )

  it('should have Prism flag the malformed response, and the client refuse it without Prism', async () => {
    const credentials = { username: usernameFor('malformed')!, password: demoPassword }
    const proxied = await signIn(prism.url, credentials)
    expect(proxied.exchanges).toHaveLength(1)
    const [exchange] = proxied.exchanges
    expect(exchange!.status).toBe(500)
    expect(exchange!.contentType).toMatch(/problem\+json/)
    const flagged = exchange!.violations.filter((violation) => violation.severity === 'Error')
    expect(flagged.map((violation) => violation.location.join('.')).sort()).toEqual([
      'response.body._id',
      'response.body.groups',
      'response.body.preferences.mail.enabled',
    ])
    expect(exchange!.violations.filter((violation) => violation.location[0] === 'request')).toEqual(
      [],
    )

    const direct = await signIn(api.url, credentials)
    expect(direct.error?.kind).toBe('invalid-response')
  })

  it("should fail a dropped connection with Prism's own 500, and as network without Prism", async () => {
    const credentials = { username: usernameFor('network-error')!, password: demoPassword }
    const proxied = await signIn(prism.url, credentials)
    expect(proxied.error?.kind).toBe('server')
    expect(proxied.exchanges).toEqual([
      { status: 500, contentType: expect.stringMatching(/problem\+json/), violations: [] },
    ])

    const direct = await signIn(api.url, credentials)
    expect(direct.error?.kind).toBe('network')
  })
})
