import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sessionSchema, type Session } from '../../src/index'
import {
  bcryptShaped,
  bodies,
  check,
  expectedFromBody,
  kindOfStatus,
  noUnhandledRejection,
  numRuns,
  retryAfter,
  seed,
  settings,
  signIn,
  statuses,
  stubClient,
  timeout,
  trackUnhandledRejections,
  validSessions,
} from './support/fuzzing'

trackUnhandledRejections()

describe(`client.createSession on generated responses (fast-check seed ${seed}, ${numRuns} runs per property)`, () => {
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
              // A JSON body that breaks the contract is reported (once); nothing else is told.
              check(
                stub.events.join() === '' || stub.events.join() === 'contract-drift',
                `a failed sign-in emitted ${stub.events.join()}`,
              )
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
            // Unknown fields in the generated body are reported before the sign-in.
            check(
              stub.events.join() === 'signed-in' ||
                stub.events.join() === 'contract-drift,signed-in',
              `events ${stub.events.join()}`,
            )
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
})
