import { z } from 'zod'

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
export const preferencesSchema = z.object({
  blacklist: z.object({ projects: z.array(z.unknown()) }),
  mail: z.object({
    enabled: z.boolean(),
    projects: z.number().int(),
    assets: z.number().int(),
    files: z.number().int(),
    work_requests: z.number().int(),
    shares: z.number().int(),
    ingest: z.number().int(),
    offline_comments: z.number().int(),
    others: z.number().int(),
    work_request_comments: z.number().int(),
    workflow: z.number().int(),
  }),
  ingest: z.object({ skipScratchPreview: z.boolean(), maxUploads: z.number().int() }),
  contactLists: z.array(
    z.object({
      name: z.string(),
      recipients: z.object({ groups: z.array(z.unknown()), users: z.array(z.string()) }),
    }),
  ),
  reports: z.object({
    workRequests: z.object({
      dashboard: z.array(
        z.object({
          i: z.string(),
          x: z.number().int(),
          y: z.number().int(),
          w: z.number().int(),
          h: z.number().int(),
        }),
      ),
      hiddenCharts: z.array(z.string()),
    }),
  }),
  agent: z.object({ instructions: z.string() }),
})

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
