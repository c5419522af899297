import { useEffect, useState } from 'react'
import { usePixwelClient, useSession, type WaitForTwoFactorOptions } from '../src/index.js'
import { LoginForm } from './components/LoginForm.js'
import { SessionView } from './components/SessionView.js'
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
    (state.status === 'signed-out' && state.reason === 'not-restored' && state.error
      ? 'Your saved session could not be restored. Please sign in.'
      : null)
  return (
    <div className="app">
      <header className="app-header">Pixwel · pixwel-react demo</header>
      <main>
        {status === 'restoring' ? (
          <section className="px-card px-login" aria-busy="true" aria-labelledby="restoring-title">
            <h1 id="restoring-title" className="px-title">
              Welcome back
            </h1>
            <p role="status">Restoring your session…</p>
          </section>
        ) : status === 'signed-out' ? (
          <>
            {notice && (
              <p role="status" className="app-notice">
                {notice}
              </p>
            )}
            <LoginForm />
          </>
        ) : status === 'two-factor-required' ? (
          <TwoFactorCard {...(twoFactor ? { wait: twoFactor } : {})} />
        ) : (
          <SessionView />
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
