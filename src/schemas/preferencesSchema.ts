import * as z from 'zod/mini'
import { preferencesContract, type Preferences } from './sessionContract.js'
import { toZod } from './toZod.js'

/**
 * The zod schema of a user's {@link Preferences}: every section present, with the OpenAPI
 * example's values as defaults for anything the API left out, and empty lists for missing
 * lists. Built on first use, with zod/mini.
 *
 * @example
 * ```ts
 * const preferences = preferencesSchema.parse(savedDraft)
 * preferences.mail.enabled // boolean, never undefined
 * ```
 */
export const preferencesSchema: z.ZodMiniType<Preferences> = /* @__PURE__ */ z.lazy(
  // Built from the same contract the Preferences type is derived from.
  () => toZod(preferencesContract, 'domain') as unknown as z.ZodMiniType<Preferences>,
)
