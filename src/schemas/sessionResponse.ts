import type { z } from 'zod'
import { sessionBody } from './body.js'
import { derive, type Wire } from './derive.js'

/**
 * The wire shape of `POST /session`, mirroring `components.schemas.SessionResponse` of the
 * OpenAPI document: every property optional, `items: {}` accepting any value, unknown keys
 * (added by Pixwel's proxy middleware) tolerated and dropped. It still describes `password`,
 * the bcrypt hash, which {@link parseSession} drops; never hand this shape to a component.
 *
 * @example
 * ```ts
 * const result = sessionResponseSchema.safeParse(await response.json())
 * if (!result.success) console.error(result.error.issues)
 * ```
 */
export const sessionResponseSchema = derive(sessionBody, true) as Wire<typeof sessionBody>

/**
 * The body of `POST /session` as the API sends it (the OpenAPI `SessionResponse`).
 *
 * @example
 * ```ts
 * const body: SessionResponse = { _id: '58c6e38e4b161cef068b4576', name: 'Ada' }
 * ```
 */
export type SessionResponse = z.infer<typeof sessionResponseSchema>
