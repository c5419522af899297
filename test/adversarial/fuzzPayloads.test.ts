import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPixwelError, parseSession, type Session } from '../../src/index'
import { buildSessionResponse, readSessionRequest } from '../../src/testing/index'
import { setAt } from '../support/openapi'
import {
  bcryptShaped,
  loneSurrogate,
  mutatedSpecPayload,
  noUnhandledRejection,
  numRuns,
  seed,
  settings,
  stubClient,
  timeout,
  trackUnhandledRejections,
  validBody,
} from './support/fuzzing'

trackUnhandledRejections()

describe(`session payloads and credentials (fast-check seed ${seed}, ${numRuns} runs per property)`, () => {
  // The client path of these bodies is in fuzzResponses.test.ts; here, 10,000 more straight
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
