import { z } from 'zod'
import { bool, sessionBody, str } from './body.js'
import { derive, type Domain } from './derive.js'

const { _id, id, password, twofactorVerified, hasEnforced2fa, $links, ...fields } =
  sessionBody.shape

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
  id: str.min(1),
  ...(derive(z.object(fields), false) as Domain<z.ZodObject<typeof fields>>).shape,
  links: z.object({ self: str.optional() }),
  twoFactor: z.object({
    /** The account must use two-factor authentication (`hasEnforced2fa`). */
    enforced: bool,
    /** This session passed the second factor (`twofactorVerified`). */
    verified: bool,
    /** Enforced and not yet verified: the user must still complete two-factor sign-in. */
    required: bool,
  }),
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
