import { z } from 'zod'

// `items: {}` in the spec: any JSON value, null included.
const anyItems = z.array(z.unknown())
const int = z.number().int()

const dashboardWidgetResponse = z.object({
  i: z.string().optional(),
  x: int.optional(),
  y: int.optional(),
  w: int.optional(),
  h: int.optional(),
})

const contactListResponse = z.object({
  name: z.string().optional(),
  recipients: z
    .object({
      groups: anyItems.optional(),
      users: z.array(z.string()).optional(),
    })
    .optional(),
})

const preferencesResponse = z.object({
  blacklist: z.object({ projects: anyItems.optional() }).optional(),
  mail: z
    .object({
      enabled: z.boolean().optional(),
      projects: int.optional(),
      assets: int.optional(),
      files: int.optional(),
      work_requests: int.optional(),
      shares: int.optional(),
      ingest: int.optional(),
      offline_comments: int.optional(),
      others: int.optional(),
      work_request_comments: int.optional(),
      workflow: int.optional(),
    })
    .optional(),
  ingest: z
    .object({
      skipScratchPreview: z.boolean().optional(),
      maxUploads: int.optional(),
    })
    .optional(),
  contactLists: z.array(contactListResponse).optional(),
  reports: z
    .object({
      workRequests: z
        .object({
          dashboard: z.array(dashboardWidgetResponse).optional(),
          hiddenCharts: z.array(z.string()).optional(),
        })
        .optional(),
    })
    .optional(),
  agent: z.object({ instructions: z.string().optional() }).optional(),
})

const territoryResponse = z.object({
  _id: z.string().optional(),
  name: z.string().optional(),
  code: z.string().optional(),
  standard: z.string().optional(),
  countries: z
    .array(z.object({ name: z.string().optional(), code: z.string().optional() }))
    .optional(),
  languages: z
    .array(
      z.object({
        name: z.string().optional(),
        code: z.string().optional(),
        dcpCode: z.string().optional(),
      }),
    )
    .optional(),
  assignedLanguages: z.array(z.string()).optional(),
})

const addressResponse = z.object({
  name: z.string().optional(),
  address: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
})

const groupResponse = z.object({
  _id: z.string().optional(),
  addresses: z.array(addressResponse).optional(),
  name: z.string().optional(),
  studios: anyItems.optional(),
  type: z.string().optional(),
  users: z.array(z.string()).optional(),
})

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
export const sessionResponseSchema = z.object({
  _id: z.string().optional(),
  emailNormal: z.string().optional(),
  invite: z.string().optional(),
  name: z.string().optional(),
  password: z.string().optional(),
  preferences: preferencesResponse.optional(),
  queue: anyItems.optional(),
  status: z
    .object({
      invited: z.boolean().optional(),
      approved: z.boolean().optional(),
      registered: z.boolean().optional(),
      confirmed: z.boolean().optional(),
    })
    .optional(),
  territory: territoryResponse.optional(),
  username: z.string().optional(),
  orderQueue: anyItems.optional(),
  shareQueue: anyItems.optional(),
  id: z.string().optional(),
  flags: anyItems.optional(),
  twofactorVerified: z.boolean().optional(),
  permissions: anyItems.optional(),
  groups: z.array(groupResponse).optional(),
  roles: z.array(z.string()).optional(),
  studios: anyItems.optional(),
  $links: z.object({ self: z.string().optional() }).optional(),
  hasEnforced2fa: z.boolean().optional(),
})

/**
 * The body of `POST /session` as the API sends it (the OpenAPI `SessionResponse`).
 *
 * @example
 * ```ts
 * const body: SessionResponse = { _id: '58c6e38e4b161cef068b4576', name: 'Ada' }
 * ```
 */
export type SessionResponse = z.infer<typeof sessionResponseSchema>
