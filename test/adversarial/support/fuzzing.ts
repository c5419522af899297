// The generators and checks shared by the fuzz test files (fast-check, seeded).
import fc from 'fast-check'
import { afterAll, beforeAll, expect } from 'vitest'
import {
  createPixwelClient,
  isPixwelError,
  parseSession,
  sessionResponseSchema,
  type PixwelClient,
  type PixwelErrorKind,
  type Session,
} from '../../../src/index'
import { buildSessionResponse } from '../../../src/testing/index'
import {
  exampleOf,
  sessionResponseNode,
  setAt,
  typedPaths,
  type LeafPath,
} from '../../support/openapi'
import { stubAdapter, type StubAnswer } from './stubAdapter'

/** Seeded: the same cases every run. Set PIXWEL_FUZZ_SEED to explore others. */
export const seed = Number(process.env.PIXWEL_FUZZ_SEED ?? 20_261_127)
export const numRuns = Number(process.env.PIXWEL_FUZZ_RUNS ?? 10_000)
export const settings = { seed, numRuns }

export const bcryptShaped = /\$2[abxy]?\$\d\d\$/
export const loneSurrogate =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
export const timeout = 120_000
export const validBody = () => JSON.stringify(buildSessionResponse())

let unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

/** Counts unhandled rejections while the calling test file runs. */
export function trackUnhandledRejections(): void {
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled)
  })
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled)
  })
}

/** An assertion cheap enough for 10,000 runs; fast-check reports the case and the seed. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message)
}

/** Lets any stray rejection surface before a property's end is checked. */
export async function noUnhandledRejection() {
  await new Promise((resolve) => setImmediate(resolve))
  expect(unhandled).toEqual([])
  unhandled = []
}

/** A client answered by the stub; `answer` is what the next request gets. */
export function stubClient() {
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

export type Outcome =
  | { type: 'session'; session: Session; settlements: number }
  | { type: 'error'; kind: PixwelErrorKind; error: unknown; settlements: number }
  | { type: 'other'; error: unknown; settlements: number }

export async function signIn(client: PixwelClient): Promise<Outcome> {
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
export function kindOfStatus(status: number): PixwelErrorKind | undefined {
  if (status >= 200 && status < 300) return undefined
  if (status === 401) return 'invalid-credentials'
  if (status === 403) return 'forbidden'
  if (status === 429) return 'rate-limited'
  if (status >= 500) return 'server'
  if (status >= 400) return 'bad-request'
  return 'invalid-response'
}

/** What a 2xx body must give, decided apart from the client: the whole payload, or nothing. */
export function expectedFromBody(body: string): Session | 'invalid-response' {
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

export const mutatedSpecPayload = fc
  .constantFrom(...specPaths)
  .chain((leaf) => wrongValue(leaf.type).map((value) => ({ leaf, value })))
  .map(({ leaf, value }) => {
    const body = JSON.parse(exampleText) as Record<string, unknown>
    setAt(body, leaf.path, value)
    return { leaf, body: JSON.stringify(body) }
  })

export const validSessions = fc
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

export const bodies = fc.oneof(
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

export const statuses = fc.oneof(
  { arbitrary: fc.constant(200), weight: 5 },
  { arbitrary: fc.constantFrom(201, 204, 401, 403, 429, 500, 502, 503), weight: 2 },
  { arbitrary: fc.integer({ min: 100, max: 599 }), weight: 2 },
)

export const retryAfter = fc.option(
  fc.oneof(
    fc.nat().map(String),
    fc.stringMatching(/^\d{300,400}$/),
    fc.stringMatching(/^\d{1,20}$/),
    fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
    fc.string(),
  ),
  { nil: undefined },
)
