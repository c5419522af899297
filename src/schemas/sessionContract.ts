import { field, type DomainObject, type WireObject } from './field.js'

/** The version of the Pixwel API contract (`openapi/pixwel.yaml`, `info.version`). */
export const contractVersion = '2.8'

const { string, boolean, integer, list, object, section, withRole } = field
const anyList = () => list(field.unknown())
const stringList = () => list(string())
/** A mail frequency in seconds; `-1` is off. */
const frequency = () => integer(-1)

/**
 * `preferences` of `POST /session`, with the OpenAPI example's values as the defaults.
 */
export const preferencesContract = section({
  blacklist: section({ projects: anyList() }),
  mail: section({
    enabled: boolean(true),
    projects: frequency(),
    assets: frequency(),
    files: frequency(),
    work_requests: frequency(),
    shares: integer(0),
    ingest: frequency(),
    offline_comments: frequency(),
    others: integer(3600),
    work_request_comments: frequency(),
    workflow: frequency(),
  }),
  ingest: section({ skipScratchPreview: boolean(true), maxUploads: integer(8) }),
  contactLists: list(
    object({ name: string(''), recipients: section({ groups: anyList(), users: stringList() }) }),
  ),
  reports: section({
    workRequests: section({
      dashboard: list(
        object({ i: string(''), x: integer(0), y: integer(0), w: integer(1), h: integer(1) }),
      ),
      hiddenCharts: stringList(),
    }),
  }),
  agent: section({ instructions: string('') }),
})

/**
 * The body of `POST /session` (`components.schemas.SessionResponse`), in the spec's order: the
 * one description of the session. Every field is optional on the wire; `fallback`s, lists
 * and sections give the domain's defaults; roles mark the fields the domain maps specially:
 * - `identity`: `_id` or `id` becomes the session's `id`; the sign-in fails without one;
 * - `two-factor`: `hasEnforced2fa` and `twofactorVerified` become `twoFactor`;
 * - `secret`: the bcrypt `password` hash, checked and never kept.
 *
 * Identity and two-factor fields are essential: a wrong value there fails the sign-in in
 * every contract mode.
 */
export const sessionContract = object({
  _id: withRole(string(), 'identity'),
  emailNormal: string(),
  invite: string(),
  name: string(),
  password: withRole(string(), 'secret'),
  preferences: preferencesContract,
  queue: anyList(),
  status: object({
    invited: boolean(false),
    approved: boolean(false),
    registered: boolean(false),
    confirmed: boolean(false),
  }),
  territory: object({
    _id: string(),
    name: string(),
    code: string(),
    standard: string(),
    countries: list(object({ name: string(), code: string() })),
    languages: list(object({ name: string(), code: string(), dcpCode: string() })),
    assignedLanguages: stringList(),
  }),
  username: string(),
  orderQueue: anyList(),
  shareQueue: anyList(),
  id: withRole(string(), 'identity'),
  flags: anyList(),
  twofactorVerified: withRole(boolean(false), 'two-factor'),
  permissions: anyList(),
  groups: list(
    object({
      _id: string(),
      addresses: list(
        object({
          name: string(),
          address: string(),
          city: string(),
          state: string(),
          postalCode: string(),
          country: string(),
        }),
      ),
      name: string(),
      studios: anyList(),
      type: string(),
      users: stringList(),
    }),
  ),
  roles: stringList(),
  studios: anyList(),
  $links: section({ self: string() }),
  hasEnforced2fa: withRole(boolean(false), 'two-factor'),
})

type SessionFields = typeof sessionContract.fields

/** The fields with no role: the domain keeps them under their {@link domainName}. */
type DataFields = {
  [
    K in keyof SessionFields as SessionFields[K] extends { role: string } ? never : K
  ]: SessionFields[K]
}

/**
 * The body of `POST /session` as the API sends it (the OpenAPI `SessionResponse`).
 *
 * @example
 * ```ts
 * const body: SessionResponse = { _id: '58c6e38e4b161cef068b4576', name: 'Ada' }
 * ```
 */
export type SessionResponse = WireObject<SessionFields>

/**
 * A signed-in Pixwel user as components get it: one `id`, the two-factor state, preferences
 * with defaults, lists defaulted to `[]`, and no password hash.
 *
 * @example
 * ```tsx
 * const { session } = useSession()
 * return <p>{session?.name} ({session?.territory?.name})</p>
 * ```
 */
export interface Session extends DomainObject<DataFields> {
  id: string
  twoFactor: TwoFactorState
}

/**
 * Whether two-factor authentication is enforced, verified, and still required.
 *
 * @example
 * ```ts
 * if (session.twoFactor.required) redirect('/two-factor')
 * ```
 */
export interface TwoFactorState {
  /** The account must use two-factor authentication (`hasEnforced2fa`). */
  enforced: boolean
  /** This session passed the second factor (`twofactorVerified`). */
  verified: boolean
  /** Enforced and not yet verified: the user must still complete two-factor sign-in. */
  required: boolean
}

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
export type Preferences = DomainObject<typeof preferencesContract.fields>

/**
 * A group the user belongs to.
 *
 * @example
 * ```ts
 * session.groups.map((group: Group) => group.name)
 * ```
 */
export type Group = Session['groups'][number]

/**
 * The user's territory: region, video standard, countries and languages.
 *
 * @example
 * ```ts
 * const territory: Territory | undefined = session.territory
 * ```
 */
export type Territory = NonNullable<Session['territory']>
