import { z } from 'zod'
import { preferencesSchema } from './preferences.js'

const territorySchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  code: z.string().optional(),
  standard: z.string().optional(),
  countries: z.array(z.object({ name: z.string().optional(), code: z.string().optional() })),
  languages: z.array(
    z.object({
      name: z.string().optional(),
      code: z.string().optional(),
      dcpCode: z.string().optional(),
    }),
  ),
  assignedLanguages: z.array(z.string()),
})

const groupSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  addresses: z.array(
    z.object({
      name: z.string().optional(),
      address: z.string().optional(),
      city: z.string().optional(),
      state: z.string().optional(),
      postalCode: z.string().optional(),
      country: z.string().optional(),
    }),
  ),
  studios: z.array(z.unknown()),
  users: z.array(z.string()),
})

/**
 * The domain shape of a signed-in user, as {@link parseSession} returns it: one `id`, the
 * two-factor state, preferences with defaults, lists defaulted to `[]`, and no password hash.
 * It is strict: a hash smuggled in under any key fails it.
 *
 * @example
 * ```ts
 * sessionSchema.parse(parseSession(body)) // always succeeds
 * ```
 */
export const sessionSchema = z.strictObject({
  id: z.string().min(1),
  username: z.string().optional(),
  emailNormal: z.string().optional(),
  name: z.string().optional(),
  invite: z.string().optional(),
  status: z
    .object({
      invited: z.boolean(),
      approved: z.boolean(),
      registered: z.boolean(),
      confirmed: z.boolean(),
    })
    .optional(),
  territory: territorySchema.optional(),
  groups: z.array(groupSchema),
  roles: z.array(z.string()),
  permissions: z.array(z.unknown()),
  flags: z.array(z.unknown()),
  studios: z.array(z.unknown()),
  queue: z.array(z.unknown()),
  orderQueue: z.array(z.unknown()),
  shareQueue: z.array(z.unknown()),
  links: z.object({ self: z.string().optional() }),
  twoFactor: z.object({
    /** The account must use two-factor authentication (`hasEnforced2fa`). */
    enforced: z.boolean(),
    /** This session passed the second factor (`twofactorVerified`). */
    verified: z.boolean(),
    /** Enforced and not yet verified: the user must still complete two-factor sign-in. */
    required: z.boolean(),
  }),
  preferences: preferencesSchema,
})

/**
 * A signed-in Pixwel user as components get it.
 *
 * @example
 * ```tsx
 * const { session } = useSession()
 * return <p>{session?.name} ({session?.territory?.name})</p>
 * ```
 */
export type Session = z.infer<typeof sessionSchema>

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

/**
 * Whether two-factor authentication is enforced, verified, and still required.
 *
 * @example
 * ```ts
 * if (session.twoFactor.required) redirect('/two-factor')
 * ```
 */
export type TwoFactorState = Session['twoFactor']
