import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  isPixwelError,
  parseSession,
  sessionResponseSchema,
  sessionSchema,
  type PixwelClient,
  type PixwelErrorKind,
  type Session,
} from '../../src/index'
import { buildSessionResponse, readSessionRequest } from '../../src/testing/index'
import {
  exampleOf,
  sessionResponseNode,
  setAt,
  typedPaths,
  type LeafPath,
} from '../support/openapi'
import { stubAdapter, type StubAnswer } from './support/stubAdapter'

/** Seeded: the same cases every run. Set PIXWEL_FUZZ_SEED to explore others. */
const seed = Number(process.env.PIXWEL_FUZZ_SEED ?? 20_261_127)
const numRuns = Number(process.env.PIXWEL_FUZZ_RUNS ?? 10_000)
const settings = { seed, numRuns }

const bcryptShaped = /\$2[abxy]?\$\d\d\$/
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const timeout = 120_000
const validBody = () => JSON.stringify(buildSessionResponse())

let unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled)
})
afterAll(() => {
  process.off('unhandledRejection', onUnhandled)
})

/** An assertion cheap enough for 10,000 runs; fast-check reports the case and the seed. */
function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

/** Lets any stray rejection surface before a property's end is checked. */
async function noUnhandledRejection() {
  await new Promise((resolve) => setImmediate(resolve))
  expect(unhandled).toEqual([])
  unhandled = []
}

/** A client answered by the stub; `answer` is what the next request gets. */
function stubClient() {
  let answer: StubAnswer = { status: 200, body: '' }
  const stub = stubAdapter(() => answer)
  const client = createPixwelClient({
    baseURL: 'https://api.pixwel.test/api',
    adapter: stub.adapter,
  })
  const events: string[] = []
  client.subscribe((event) => events.push(event.type))
  return {
    client,
    seen: stub.seen,
    events,
    answer(next: StubAnswer) {
      answer = next
    },
  }
}

type Outcome =
  | { type: 'session'; session: Session; settlements: number }
  | { type: 'error'; kind: PixwelErrorKind; error: unknown; settlements: number }
  | { type: 'other'; error: unknown; settlements: number }

async function signIn(client: PixwelClient): Promise<Outcome> {
  let settlements = 0
  let outcome: Outcome | undefined
  await client.createSession({ token: 'pat_fuzz' }).then(
    (session) => {
      settlements++
      outcome = { type: 'session', session, settlements: 0 }
    },
    (error: unknown) => {
      settlements++
      outcome = isPixwelError(error)
        ? { type: 'error', kind: error.kind, error, settlements: 0 }
        : { type: 'other', error, settlements: 0 }
    },
  )
  return { ...outcome!, settlements }
}

/** The kind a status must give, whatever the body; `undefined` for a 2xx (body decides). */
function kindOfStatus(status: number): PixwelErrorKind | undefined {
  if (status >= 200 && status < 300) return undefined
  if (status === 401) return 'invalid-credentials'
  if (status === 403) return 'forbidden'
  if (status === 429) return 'rate-limited'
  if (status >= 500) return 'server'
  if (status >= 400) return 'bad-request'
  return 'invalid-response'
}

/** What a 2xx body must give, decided apart from the client: the whole payload, or nothing. */
function expectedFromBody(body: string): Session | 'invalid-response' {
  const text = body.startsWith('\uFEFF') ? body.slice(1) : body
  let wire: unknown
  try {
    wire = JSON.parse(text)
  } catch {
    return 'invalid-response'
  }
  if (!sessionResponseSchema.safeParse(wire).success) return 'invalid-response'
  try {
    return parseSession(wire)
  } catch {
    return 'invalid-response'
  }
}

const nested = (depth: number, open: string, close: string, inner = '0') =>
  open.repeat(depth) + inner + close.repeat(depth)

const deepBodies = [
  // 10,000 levels in an untyped part, at the top, in an object chain, in an unknown key
  `{"_id":"deep","queue":${nested(10_000, '[', ']')}}`,
  nested(10_000, '[', ']'),
  `{"_id":"deep","flags":[${nested(10_000, '{"a":', '}')}]}`,
  `{"_id":"deep","extra":${nested(10_000, '{"a":', '}')}}`,
  `{"_id":"deep","preferences":{"blacklist":{"projects":${nested(10_000, '[', ']')}}}}`,
  `{"_id":"deep","queue":${nested(64, '[', ']')}}`,
  `{"_id":"deep","queue":${nested(70, '[', ']')}}`,
]

const htmlPages = fc
  .tuple(
    fc.constantFrom(
      '<!doctype html><html><head><title>%s</title></head><body><h1>%s</h1></body></html>',
      '<html><body><center><h1>%s</h1></center><hr><center>nginx</center></body></html>',
      '<HTML><HEAD><TITLE>%s</TITLE></HEAD><BODY>%s</BODY></HTML>',
      '<?xml version="1.0"?><error>%s</error>',
    ),
    fc.string(),
  )
  .map(([page, text]) => page.replaceAll('%s', text))

const specPaths: LeafPath[] = typedPaths(sessionResponseNode)
const exampleText = JSON.stringify(exampleOf(sessionResponseNode))

/** A JSON value whose type is not `type` (an integer's wrong values include 1.5). */
function wrongValue(type: string): fc.Arbitrary<unknown> {
  const candidates = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.jsonValue(), { maxLength: 3 }),
    fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
  )
  return candidates.filter((value) => {
    switch (type) {
      case 'string':
        return typeof value !== 'string'
      case 'integer':
        return !Number.isInteger(value)
      case 'boolean':
        return typeof value !== 'boolean'
      case 'array':
        return !Array.isArray(value)
      case 'object':
        return typeof value !== 'object' || value === null || Array.isArray(value)
      default:
        throw new Error(`no wrong value for ${type}`)
    }
  })
}

const mutatedSpecPayload = fc
  .constantFrom(...specPaths)
  .chain((leaf) => wrongValue(leaf.type).map((value) => ({ leaf, value })))
  .map(({ leaf, value }) => {
    const body = JSON.parse(exampleText) as Record<string, unknown>
    setAt(body, leaf.path, value)
    return { leaf, body: JSON.stringify(body) }
  })

const validSessions = fc
  .record(
    {
      name: fc.string({ unit: 'binary' }),
      username: fc.string(),
      roles: fc.array(fc.string(), { maxLength: 4 }),
      queue: fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 4 }),
      permissions: fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 4 }),
      hasEnforced2fa: fc.boolean(),
      twofactorVerified: fc.boolean(),
    },
    { requiredKeys: [] },
  )
  .map((overrides) => JSON.stringify(buildSessionResponse(overrides)))

const bodies = fc.oneof(
  { arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)), weight: 3 },
  {
    arbitrary: fc
      .dictionary(fc.constantFrom(...Object.keys(buildSessionResponse())), fc.jsonValue())
      .map((fields) => JSON.stringify({ _id: 'x', ...fields })),
    weight: 3,
  },
  { arbitrary: mutatedSpecPayload.map(({ body }) => body), weight: 3 },
  { arbitrary: validSessions, weight: 6 },
  {
    arbitrary: fc
      .tuple(validSessions, fc.nat())
      .map(([body, cut]) => body.slice(0, cut % body.length)),
    weight: 2,
  },
  { arbitrary: htmlPages, weight: 2 },
  { arbitrary: fc.constantFrom('', ' ', '\n\t ', '\uFEFF', '\uFEFF \n', 'null'), weight: 1 },
  { arbitrary: validSessions.map((body) => `\uFEFF${body}`), weight: 1 },
  { arbitrary: validSessions.map((body) => `\uFEFF\uFEFF${body}`), weight: 1 },
  { arbitrary: fc.constantFrom(...deepBodies), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary' }), weight: 2 },
)

const statuses = fc.oneof(
  { arbitrary: fc.constant(200), weight: 5 },
  { arbitrary: fc.constantFrom(201, 204, 401, 403, 429, 500, 502, 503), weight: 2 },
  { arbitrary: fc.integer({ min: 100, max: 599 }), weight: 2 },
)

const retryAfter = fc.option(
  fc.oneof(
    fc.nat().map(String),
    fc.stringMatching(/^\d{300,400}$/),
    fc.stringMatching(/^\d{1,20}$/),
    fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
    fc.string(),
  ),
  { nil: undefined },
)

describe(`client.createSession fuzzed (fast-check seed ${seed}, ${numRuns} runs per property)`, () => {
  it(
    'any body on any status gives one valid Session or one PixwelError of the right kind',
    async () => {
      const stub = stubClient()
      let sessions = 0
      await fc.assert(
        fc.asyncProperty(
          bodies,
          statuses,
          retryAfter,
          fc.nat(49).map((roll) => roll === 0),
          async (body, status, retry, drop) => {
            stub.client.signOut()
            stub.events.length = 0
            stub.answer(
              drop
                ? { network: true }
                : { status, body, headers: retry === undefined ? {} : { 'Retry-After': retry } },
            )
            const outcome = await signIn(stub.client)
            check(outcome.settlements === 1, 'settled more than once')
            check(outcome.type !== 'other', 'threw something that is not a PixwelError')
            const kind = outcome.type === 'error' ? outcome.kind : 'session'
            if (drop) {
              check(kind === 'network', `a dropped connection gave ${kind}`)
              return
            }
            const statusKind = kindOfStatus(status)
            if (statusKind !== undefined) {
              check(kind === statusKind, `HTTP ${status} gave ${kind}, not ${statusKind}`)
              const error = (outcome as { error: { status?: number; retryAfterMs?: number } }).error
              check(error.status === status, `status ${String(error.status)} for ${status}`)
              if (error.retryAfterMs !== undefined) {
                check(
                  Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0,
                  `retryAfterMs ${error.retryAfterMs} from Retry-After ${String(retry)}`,
                )
              }
              check(stub.events.length === 0, 'a failed sign-in emitted an event')
              return
            }
            const expected = expectedFromBody(body)
            if (expected === 'invalid-response') {
              check(kind === 'invalid-response', `a bad 2xx body gave ${kind}`)
              check(!stub.client.isSignedIn(), 'signed in on a bad body')
              check(stub.events.length === 0, 'a failed sign-in emitted an event')
              return
            }
            sessions++
            check(kind === 'session', `a valid body gave ${kind}`)
            const session = (outcome as { session: Session }).session
            // Built from the whole payload: the schema passed on all of it, and nothing is missing.
            const text = JSON.stringify(session)
            check(text === JSON.stringify(expected), 'the session is not the whole payload')
            check(sessionSchema.safeParse(session).success, 'the session breaks sessionSchema')
            check(!bcryptShaped.test(text), 'a hash reached the session')
            check(stub.client.isSignedIn(), 'not signed in after a session')
            check(stub.events.join() === 'signed-in', `events ${stub.events.join()}`)
          },
        ),
        settings,
      )
      // The generator reaches the success path often, not only the failures.
      expect(sessions).toBeGreaterThan(numRuns / 20)
      await noUnhandledRejection()
    },
    timeout,
  )

  it(
    'a 429 with any Retry-After gives a finite, non-negative wait or none',
    async () => {
      const stub = stubClient()
      await fc.assert(
        fc.asyncProperty(retryAfter, async (retry) => {
          stub.answer({
            status: 429,
            body: '{}',
            headers: retry === undefined ? {} : { 'Retry-After': retry },
          })
          const outcome = await signIn(stub.client)
          check(outcome.type === 'error' && outcome.kind === 'rate-limited', 'not rate-limited')
          const wait = (outcome.error as { retryAfterMs?: number }).retryAfterMs
          if (wait === undefined) return
          check(Number.isFinite(wait) && wait >= 0, `retryAfterMs ${wait} from ${String(retry)}`)
          if (retry !== undefined && /^\d+$/.test(retry.trim())) {
            check(wait === Number(retry) * 1000, `retryAfterMs ${wait} from ${retry} s`)
          }
        }),
        settings,
      )
      await noUnhandledRejection()
    },
    timeout,
  )

  // The client path of these bodies is in the property above; here, 10,000 more straight
  // through parseSession, checking the error names the mutated field.
  it(
    'a spec-valid payload with one field of the wrong type is an invalid-response naming it',
    () => {
      fc.assert(
        fc.property(mutatedSpecPayload, ({ leaf, body }) => {
          let caught: unknown
          try {
            parseSession(JSON.parse(body))
          } catch (error) {
            caught = error
          }
          expect(isPixwelError(caught) && caught.kind).toBe('invalid-response')
          const issues = (caught as { issues?: { path: readonly PropertyKey[] }[] }).issues ?? []
          expect(issues.map((issue) => issue.path.join('.'))).toContain(leaf.path.join('.'))
        }),
        settings,
      )
    },
    timeout,
  )

  it(
    'truncated JSON is an invalid-response, never a session from the part that arrived',
    async () => {
      const stub = stubClient()
      await fc.assert(
        fc.asyncProperty(validSessions, fc.nat(), async (full, cut) => {
          stub.answer({ status: 200, body: full.slice(0, cut % full.length) })
          const outcome = await signIn(stub.client)
          expect(outcome.type === 'error' && outcome.kind).toBe('invalid-response')
          expect(stub.client.isSignedIn()).toBe(false)
        }),
        settings,
      )
      await noUnhandledRejection()
    },
    timeout,
  )

  it(
    'a bcrypt hash smuggled anywhere (value or key, any depth) never reaches the Session',
    () => {
      const hash = fc
        .tuple(
          fc.constantFrom('$2a$', '$2b$', '$2y$', '$2x$', '$2$'),
          fc.integer({ min: 4, max: 31 }),
        )
        .chain(([prefix, cost]) =>
          fc
            .string({
              unit: fc.constantFrom(
                ...'./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.split(''),
              ),
              minLength: 53,
              maxLength: 53,
            })
            .map((rest) => `${prefix}${String(cost).padStart(2, '0')}$${rest}`),
        )
      const carrier: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
        node: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          hash,
          hash.map((value) => `prefix ${value} suffix`),
          fc.tuple(hash, fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => ({ [key]: value })),
          fc.tuple(fc.string(), tie('node')).map(([key, value]) => ({ [key]: value })),
          fc.array(tie('node'), { minLength: 1, maxLength: 2 }),
        ),
      })).node
      const untypedSlots: (string | number)[][] = [
        ['queue'],
        ['orderQueue'],
        ['shareQueue'],
        ['permissions'],
        ['flags'],
        ['studios'],
        ['groups', 0, 'studios'],
        ['preferences', 'blacklist', 'projects'],
        ['preferences', 'contactLists', 0, 'recipients', 'groups'],
      ]
      const stringSlots: (string | number)[][] = [
        ['name'],
        ['username'],
        ['invite'],
        ['territory', 'name'],
        ['groups', 0, 'addresses', 0, 'city'],
        ['roles', 0],
        ['preferences', 'agent', 'instructions'],
      ]
      let sessions = 0
      fc.assert(
        fc.property(
          fc.array(
            fc.oneof(
              fc.tuple(fc.constantFrom(...untypedSlots), carrier).map(([path, value]) => ({
                path,
                value: [value],
              })),
              fc.tuple(fc.constantFrom(...stringSlots), hash).map(([path, value]) => ({
                path,
                value,
              })),
            ),
            { minLength: 1, maxLength: 4 },
          ),
          (placements) => {
            const body = buildSessionResponse() as unknown as Record<string, unknown>
            for (const { path, value } of placements) setAt(body, path, value)
            const text = JSON.stringify(body)
            expect(text).toMatch(bcryptShaped)
            let session: Session | undefined
            try {
              session = parseSession(JSON.parse(text))
            } catch (error) {
              // Only a carrier nested past the walk limit may fail, and only as invalid-response.
              expect(isPixwelError(error) && error.kind).toBe('invalid-response')
            }
            if (session) {
              sessions++
              expect(JSON.stringify(session)).not.toMatch(bcryptShaped)
            }
          },
        ),
        settings,
      )
      expect(sessions).toBeGreaterThan(numRuns / 2)
    },
    timeout,
  )

  it(
    'Unicode credentials round-trip through Basic encoding and the server-side decoding',
    async () => {
      const stub = stubClient()
      const text = fc.string({ unit: 'binary', maxLength: 40 })
      await fc.assert(
        fc.asyncProperty(
          text.filter((value) => !value.includes(':')),
          text,
          async (username, password) => {
            stub.answer({ status: 200, body: validBody() })
            stub.seen.length = 0
            await stub.client.createSession({ username, password })
            const authorization = stub.seen[0]?.authorization ?? ''
            expect(authorization).toMatch(/^Basic [A-Za-z0-9+/]*={0,2}$/)
            const read = await readSessionRequest(
              new Request('https://api.pixwel.test/api/session', {
                method: 'POST',
                headers: { Authorization: authorization, 'Content-Type': 'application/json' },
                body: '{}',
              }),
            )
            expect(read.ok && read.credentials).toEqual({ username, password })
          },
        ),
        settings,
      )
      await noUnhandledRejection()
    },
    timeout,
  )

  it(
    'credentials that cannot be sent as they are fail as invalid-credentials, with no request',
    async () => {
      const stub = stubClient()
      // Lone surrogates have no UTF-8 form: sending them would silently change the password.
      const surrogate = fc
        .integer({ min: 0xd800, max: 0xdfff })
        .map((code) => String.fromCharCode(code))
      const withLoneSurrogate = fc
        .tuple(fc.string({ maxLength: 10 }), surrogate, fc.string({ maxLength: 10 }))
        .map((parts) => parts.join(''))
        .filter((value) => loneSurrogate.test(value))
      const badCredentials = fc.oneof(
        fc
          .tuple(fc.string(), fc.string(), fc.string())
          .map(([a, b, password]) => ({ username: `${a}:${b}`, password })),
        fc
          .tuple(withLoneSurrogate, fc.string())
          .map(([username, password]) => ({ username, password })),
        fc
          .tuple(
            fc.string().filter((u) => !u.includes(':')),
            withLoneSurrogate,
          )
          .map(([username, password]) => ({ username, password })),
        fc
          .string({ unit: 'binary' })
          .filter((token) => !/^[A-Za-z0-9\-._~+/]+=*$/.test(token))
          .map((token) => ({ token })),
      )
      await fc.assert(
        fc.asyncProperty(badCredentials, async (credentials) => {
          stub.answer({ status: 200, body: validBody() })
          stub.seen.length = 0
          const outcome = await stub.client.createSession(credentials).then(
            () => 'session',
            (error: unknown) => (isPixwelError(error) ? error.kind : 'other'),
          )
          expect(outcome).toBe('invalid-credentials')
          expect(stub.seen).toEqual([])
        }),
        settings,
      )
      await noUnhandledRejection()
    },
    timeout,
  )
})
