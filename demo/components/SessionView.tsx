import { useEffect, useId, useRef } from 'react'
import { useRefreshSession, useSession, useSignOut, type Session } from '../../src/index.js'
import { PreferencesPanel } from './PreferencesPanel.js'
import './components.css'

/**
 * Props of {@link SessionView}.
 *
 * @example
 * ```tsx
 * const props: SessionViewProps = { session: parseSession(buildSessionResponse()) }
 * ```
 */
export interface SessionViewProps {
  /** The user to show; default: the signed-in user of `useSession()`. */
  session?: Session
}

/**
 * The signed-in user: name, email, territory, groups, roles and preferences, a banner when
 * two-factor authentication is still required, and a **Sign out** button (`useSignOut`).
 * Renders nothing when nobody is signed in. Needs a `PixwelProvider` above it.
 *
 * @example
 * ```tsx
 * const { status } = useSession()
 * return status === 'signed-out' ? <LoginForm /> : <SessionView />
 * ```
 */
export function SessionView({ session: given }: SessionViewProps) {
  const state = useSession()
  const signOut = useSignOut()
  const id = useId()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const session = given ?? state.session

  useEffect(() => {
    headingRef.current?.focus()
  }, [])

  if (!session) return null
  const territory = session.territory

  return (
    <section className="px-card px-session" aria-labelledby={`${id}-name`}>
      {session.twoFactor.required && (
        <div role="status" className="px-banner">
          <p className="px-banner-title">Two-factor authentication required</p>
          <p>
            This account must confirm a second factor before it can use Pixwel. Finish two-factor
            sign-in, or sign in with a personal access token.
          </p>
        </div>
      )}

      <header className="px-session-header">
        <div>
          <p className="px-eyebrow">Signed in as</p>
          <h1 id={`${id}-name`} ref={headingRef} tabIndex={-1} className="px-title">
            {session.name ?? session.username ?? session.id}
          </h1>
        </div>
        <div className="px-actions">
          <RefreshButton />
          <button type="button" className="px-button px-button-secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>

      <dl className="px-facts">
        <dt>Email</dt>
        <dd>
          <Email address={session.emailNormal ?? session.username} />
        </dd>
        <dt>Territory</dt>
        <dd>
          {territory
            ? [territory.name, territory.code && `(${territory.code})`, territory.standard]
                .filter(Boolean)
                .join(' ')
            : '—'}
        </dd>
        <dt>Groups</dt>
        <dd>
          {session.groups.length === 0 ? (
            'None'
          ) : (
            <ul className="px-inline-list">
              {session.groups.map((group, index) => (
                <li key={group.id ?? index}>{group.name ?? group.id ?? 'Unnamed group'}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Roles</dt>
        <dd>
          {session.roles.length === 0 ? (
            'None'
          ) : (
            <ul className="px-inline-list">
              {session.roles.map((role) => (
                <li key={role}>
                  <code>{role}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>

      <PreferencesPanel preferences={session.preferences} />
    </section>
  )
}

/** An address on one line (`.px-email`), whole in its title when the card cuts it short. */
function Email({ address }: { address: string | null | undefined }) {
  if (!address) return '—'
  return (
    <span className="px-email" title={address}>
      {address}
    </span>
  )
}

/** Asks Pixwel for the session again: roles, preferences and two-factor state up to date. */
function RefreshButton() {
  const refresh = useRefreshSession()
  return (
    <button
      type="button"
      className="px-button px-button-secondary"
      disabled={refresh.isPending}
      onClick={() => refresh.mutate()}
    >
      {refresh.isPending ? 'Refreshing…' : 'Refresh session'}
    </button>
  )
}
