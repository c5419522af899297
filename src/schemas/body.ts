import { z } from 'zod'

// The body of `POST /session` as parseSession reads it: the wire shape with the domain's
// defaults (the OpenAPI example's values). The wire and domain schemas are derived from it.
export const str = z.string()
export const bool = z.boolean()
const int = z.number().int()
const maybe = str.optional()
const no = bool.default(false)
const off = int.default(-1)
const list = <T extends z.ZodType>(item: T) => z.array(item).default([])
const anyList = list(z.unknown())
const strList = list(str)
const section = <S extends z.ZodRawShape>(shape: S) =>
  z.object(shape).prefault({} as z.input<z.ZodObject<S>>)

export const preferencesBody = section({
  blacklist: section({ projects: anyList }),
  mail: section({
    enabled: bool.default(true),
    projects: off,
    assets: off,
    files: off,
    work_requests: off,
    shares: int.default(0),
    ingest: off,
    offline_comments: off,
    others: int.default(3600),
    work_request_comments: off,
    workflow: off,
  }),
  ingest: section({ skipScratchPreview: bool.default(true), maxUploads: int.default(8) }),
  contactLists: list(
    z.object({ name: str.default(''), recipients: section({ groups: anyList, users: strList }) }),
  ),
  reports: section({
    workRequests: section({
      dashboard: list(
        z.object({
          i: str.default(''),
          x: int.default(0),
          y: int.default(0),
          w: int.default(1),
          h: int.default(1),
        }),
      ),
      hiddenCharts: strList,
    }),
  }),
  agent: section({ instructions: str.default('') }),
})

export const sessionBody = z.object({
  _id: maybe,
  emailNormal: maybe,
  invite: maybe,
  name: maybe,
  password: maybe,
  preferences: preferencesBody,
  queue: anyList,
  status: z.object({ invited: no, approved: no, registered: no, confirmed: no }).optional(),
  territory: z
    .object({
      _id: maybe,
      name: maybe,
      code: maybe,
      standard: maybe,
      countries: list(z.object({ name: maybe, code: maybe })),
      languages: list(z.object({ name: maybe, code: maybe, dcpCode: maybe })),
      assignedLanguages: strList,
    })
    .optional(),
  username: maybe,
  orderQueue: anyList,
  shareQueue: anyList,
  id: maybe,
  flags: anyList,
  twofactorVerified: no,
  permissions: anyList,
  groups: list(
    z.object({
      _id: maybe,
      addresses: list(
        z.object({
          name: maybe,
          address: maybe,
          city: maybe,
          state: maybe,
          postalCode: maybe,
          country: maybe,
        }),
      ),
      name: maybe,
      studios: anyList,
      type: maybe,
      users: strList,
    }),
  ),
  roles: strList,
  studios: anyList,
  $links: section({ self: maybe }),
  hasEnforced2fa: no,
})
