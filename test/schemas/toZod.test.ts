import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { z } from 'zod'
import type { Preferences, Session, SessionResponse } from '../../src/index'
import { buildSessionResponse } from '../../src/testing/index'

// Every function zod/mini exports is counted, to see which schemas importing the package
// builds. Constructors (capitalised) are left alone.
const built = vi.hoisted(() => new Map<string, number>())
vi.mock('zod/mini', async (importOriginal) => {
  const original: Record<string, unknown> = await importOriginal()
  const counted: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(original)) {
    counted[name] =
      typeof value === 'function' && /^[a-z_]/.test(name)
        ? (...args: unknown[]) => {
            built.set(name, (built.get(name) ?? 0) + 1)
            return (value as (...args: unknown[]) => unknown)(...args)
          }
        : value
  }
  return counted
})

describe('the exported zod schemas', () => {
  it('are not built by importing the package, only on first use', async () => {
    const lib = await import('../../src/index')
    // Three lazy wrappers, one per exported schema, and nothing else.
    expect(Object.fromEntries(built)).toEqual({ lazy: 3 })

    lib.sessionSchema.parse(lib.parseSession(buildSessionResponse()))
    expect(built.get('object')).toBeGreaterThan(10)
  })

  it('work in an app on classic zod: parse, z.infer and composition', async () => {
    const lib = await import('../../src/index')
    const session = lib.parseSession(buildSessionResponse({ name: 'Ada' }))

    const cached = z.object({ session: lib.sessionSchema, savedAt: z.number() })
    expect(cached.parse({ session, savedAt: 1 }).session).toEqual(session)
    expect(cached.safeParse({ session: { ...session, password: 'x' }, savedAt: 1 }).success).toBe(
      false,
    )
    expectTypeOf<z.infer<typeof cached>['session']>().toEqualTypeOf<Session>()

    const drafts = z.array(lib.preferencesSchema).optional()
    expect(drafts.parse([{}])?.[0]?.mail.enabled).toBe(true)
    expectTypeOf<z.infer<typeof lib.preferencesSchema>>().toEqualTypeOf<Preferences>()

    const wire = z.union([lib.sessionResponseSchema, z.null()])
    expect(wire.parse({ _id: 'a', name: 'Ada', extra: 1 })).toEqual({ _id: 'a', name: 'Ada' })
    expect(wire.safeParse({ _id: 5 }).success).toBe(false)
    expectTypeOf<z.infer<typeof lib.sessionResponseSchema>>().toEqualTypeOf<SessionResponse>()
  })

  it('fill the same defaults as parseSession', async () => {
    const lib = await import('../../src/index')
    const session = lib.parseSession({ _id: 'a' })
    expect(lib.preferencesSchema.parse({})).toEqual(session.preferences)
    expect(lib.sessionSchema.parse(session)).toEqual(session)
  })
})
