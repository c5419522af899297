import type { z } from 'zod'
import { preferencesBody } from './body.js'
import { derive, type Domain } from './derive.js'

/**
 * The domain shape of a user's preferences: every section present, with the OpenAPI example's
 * values as defaults for anything the API left out, and empty lists for missing lists.
 *
 * @example
 * ```ts
 * const preferences = preferencesSchema.parse(savedDraft)
 * preferences.mail.enabled // boolean, never undefined
 * ```
 */
export const preferencesSchema = derive(preferencesBody, false) as Domain<typeof preferencesBody>

/**
 * A user's preferences as components get them: mail frequencies (seconds; `-1` off, `0` at
 * once), ingest settings, contact lists, the work-request dashboard layout, the agent's
 * instructions.
 *
 * @example
 * ```tsx
 * const preferences = usePreferences()
 * return <p>Uploads at once: {preferences?.ingest.maxUploads}</p>
 * ```
 */
export type Preferences = z.infer<typeof preferencesSchema>
