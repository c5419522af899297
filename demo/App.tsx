import {
  pixwelSignedOutMessage,
  useIdleWarning,
  useRefreshSession,
  useSession,
  type WaitForTwoFactorOptions,
} from '../src/index.js'
import { LoginForm } from './components/LoginForm.js'
import { SessionView } from './components/SessionView.js'
import { StatusCard } from './components/StatusCard.js'
import { TimelinePanel } from './components/TimelinePanel.js'
import { TwoFactorCard } from './components/TwoFactorCard.js'

/**
 * The demo app, one screen per status: a quiet card while a kept session is restored (never
 * the login form first), the login form, the two-factor card, or the signed-in user.
 *
 * @example
 * ```tsx
 * <PixwelProvider client={client}><App apiURL={client.baseURL} /></PixwelProvider>
 * ```
 */
export function App({
  apiURL,
  twoFactor,
  timeline = false,
}: {
  apiURL: string
  /** How the two-factor card waits for the link (stories shorten it). */
  twoFactor?: WaitForTwoFactorOptions
  /** Shows the client's timeline (made with `timeline: pixwelTimeline()`) below the card. */
  timeline?: boolean
}) {
  const state = useSession()
  const { status } = state
  // Why the last session ended, from the snapshot itself (a restore may have failed before
  // this rendered): nothing after the user's own sign-out here.
  const notice =
    state.status === 'signed-out' && !(state.reason === 'sign-out' && !state.crossTab)
      ? pixwelSignedOutMessage(state, {
          'two-factor-expired': 'The verification link expired. Please sign in again.',
        })
      : null
  return (
    <div className="app">
      <header className="app-header">Pixwel · pixwel-react demo</header>
      <IdleBanner />
      <main>
        {status === 'restoring' ? (
          <StatusCard title="Welcome back" busy>
            <p role="status">Restoring your session…</p>
          </StatusCard>
        ) : status === 'signed-out' ? (
          <LoginForm notice={notice} />
        ) : status === 'two-factor-required' ? (
          <TwoFactorCard {...(twoFactor ? { wait: twoFactor } : {})} />
        ) : status === 'signed-in' ? (
          <SessionView />
        ) : (
          // `unreachable`: the kept session could not be restored for now.
          <UnreachableCard />
        )}
      </main>
      {timeline && <TimelinePanel />}
      <footer className="app-footer">
        API: <code>{apiURL}</code>
      </footer>
    </div>
  )
}

/** Pixwel cannot be reached: the session is kept, the client tries again by itself. */
function UnreachableCard() {
  const retry = useRefreshSession()
  return (
    <StatusCard title="Pixwel cannot be reached">
      <p role="status">Can’t reach Pixwel, retrying… Your session is kept on this device.</p>
      <button
        type="button"
        className="px-button"
        disabled={retry.isPending}
        onClick={() => retry.mutate()}
      >
        {retry.isPending ? 'Trying again…' : 'Try again now'}
      </button>
    </StatusCard>
  )
}

/** The idle sign-out is near (`?idle=…&idleWarning=…`): any key or click in any tab puts it off. */
function IdleBanner() {
  const warning = useIdleWarning()
  if (!warning) return null
  return (
    <p role="alert" className="app-idle-warning">
      You’ll be signed out in {Math.ceil(warning.msLeft / 1000)} s for inactivity. Press a key or
      click anywhere to stay signed in.
    </p>
  )
}
