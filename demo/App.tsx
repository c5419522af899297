import { useEffect, useState } from 'react'
import {
  usePixwelClient,
  useSession,
  type PixwelSessionSnapshot,
  type WaitForTwoFactorOptions,
} from '../src/index.js'
import { LoginForm } from './components/LoginForm.js'
import { SessionView } from './components/SessionView.js'
import { StatusCard } from './components/StatusCard.js'
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
}: {
  apiURL: string
  /** How the two-factor card waits for the link (stories shorten it). */
  twoFactor?: WaitForTwoFactorOptions
}) {
  const state = useSession()
  const { status } = state
  const event = useSignedOutNotice()
  // A failed restore is in the snapshot itself: it may have ended before this rendered.
  const notice =
    event ??
    (restoreFailed(state) ? 'Your saved session could not be restored. Please sign in.' : null)
  return (
    <div className="app">
      <header className="app-header">Pixwel · pixwel-react demo</header>
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
          // A status this page does not know yet (an `unreachable` API, say): a card, never a
          // blank page.
          <UnreachableCard />
        )}
      </main>
      <footer className="app-footer">
        API: <code>{apiURL}</code>
      </footer>
    </div>
  )
}

/** Why the session ended, when the user did not end it: said once above the form. */
function useSignedOutNotice(): string | null {
  const client = usePixwelClient()
  const [notice, setNotice] = useState<string | null>(null)
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'contract-drift') return
        if (event.type !== 'signed-out') setNotice(null)
        else if (event.reason === 'two-factor-expired') {
          setNotice('The verification link expired. Please sign in again.')
        } else if (event.reason === 'unauthorized') {
          setNotice('Your session has ended. Please sign in again.')
        } else setNotice(null)
      }),
    [client],
  )
  return notice
}

/**
 * A kept session could not be restored: `restoreError` on the snapshot, or (the session
 * lifecycle's shape) `reason: 'not-restored'` with the `error` that ended it.
 */
function restoreFailed(state: PixwelSessionSnapshot): boolean {
  if (state.status !== 'signed-out') return false
  if ('restoreError' in state && state.restoreError !== undefined) return true
  return (
    'reason' in state &&
    state.reason === 'not-restored' &&
    'error' in state &&
    state.error !== undefined
  )
}

/** Pixwel cannot be reached: the session is kept, and the user may ask again. */
function UnreachableCard() {
  const client = usePixwelClient()
  const [trying, setTrying] = useState(false)
  return (
    <StatusCard title="Pixwel cannot be reached">
      <p role="status">Check your connection. Your session is kept on this device.</p>
      <button
        type="button"
        className="px-button"
        disabled={trying}
        onClick={() => {
          setTrying(true)
          client
            .refreshSession()
            .catch(() => undefined)
            .finally(() => {
              setTrying(false)
            })
        }}
      >
        {trying ? 'Trying again…' : 'Try again'}
      </button>
    </StatusCard>
  )
}
