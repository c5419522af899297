import * as z from 'zod/mini'
import { sessionContract, type SessionResponse } from './sessionContract.js'
import { toZodObject } from './toZod.js'

/**
 * The zod schema of the wire shape of `POST /session`, mirroring
 * `components.schemas.SessionResponse` of the OpenAPI document: every property optional,
 * `items: {}` accepting any value, unknown keys (added by Pixwel's proxy middleware) dropped.
 * It still describes `password`, the bcrypt hash, which {@link parseSession} drops; never
 * hand what it parses to a component. Built on first use, with zod/mini.
 *
 * @example
 * ```ts
 * const result = sessionResponseSchema.safeParse(await response.json())
 * if (!result.success) console.error(result.error.issues)
 * ```
 */
export const sessionResponseSchema: z.ZodMiniType<SessionResponse> = /* @__PURE__ */ z.lazy(
  () =>
    // Built from the same contract the SessionResponse type is derived from.
    toZodObject(sessionContract, 'wire', {
      withRoles: true,
    }) as unknown as z.ZodMiniType<SessionResponse>,
)
