import * as z from 'zod/mini'
import { sessionContract, type Session } from './sessionContract.js'
import { toZodObject } from './toZod.js'

/**
 * The zod schema of a {@link Session}, as {@link parseSession} returns it: one `id`, the
 * two-factor state, preferences with defaults, lists defaulted to `[]`, and no password hash.
 * It is strict at the top: an unknown top-level key (`password`, say) fails it. Built on first use
 * (importing the package builds no schema), with zod/mini; it composes into classic zod
 * schemas like any other.
 *
 * @example
 * ```ts
 * sessionSchema.parse(parseSession(body)) // always succeeds
 * const cached = z.object({ session: sessionSchema, savedAt: z.number() })
 * ```
 */
export const sessionSchema: z.ZodMiniType<Session> = /* @__PURE__ */ z.lazy(() => {
  const twoFactor = z.object({
    enforced: z.boolean(),
    verified: z.boolean(),
    required: z.boolean(),
  })
  const data = toZodObject(sessionContract, 'domain')
  // toZodObject builds the schema from the same contract the Session type is derived from.
  return z.strictObject({
    ...data.def.shape,
    id: z.string().check(z.minLength(1)),
    twoFactor,
  }) as unknown as z.ZodMiniType<Session>
})
