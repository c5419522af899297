'use client'

import { useEffect, useState, type FormEvent } from 'react'
import {
  pixwelErrorMessage,
  useCreateSession,
  usePixwelClient,
  useSession,
  useSignOut,
  useWaitForTwoFactor,
  type PixwelSessionSnapshot,
} from 'pixwel-react'

// How long the emailed link works (and the page waits for it): Pixwel's 10 minutes unless the
// build says otherwise (the e2e test shortens it to see an expiry).
const twoFactorLifetimeMs = Number(process.env.NEXT_PUBLIC_PIXWEL_TWO_FACTOR_LIFETIME_MS) || 600_000

/** The sign-in page: a client component with one view per session status. */
export default function Page() {
  const state = useSession()
  const signOut = useSignOut()
  const notice = useSignedOutNotice(state)

  switch (state.status) {
    case 'restoring':
      return <p role="status">Restoring your session…</p>
    case 'two-factor-required':
      return <CheckYourEmail state={state} />
    case 'signed-in':
      return (
        <main>
          <h1>Hello {state.session.name ?? state.session.username}</h1>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </main>
      )
    case 'signed-out':
      return <SignIn notice={notice} />
    default:
      // A status this page does not know yet (say, an API that cannot be reached).
      return <p role="status">Connecting to Pixwel…</p>
  }
}

/**
 * Why the user is asked to sign in, when they did not sign out themselves: the link expired
 * (told by the client's event), or a kept session could not be restored (in the snapshot, since
 * the restore may end before this page subscribes).
 */
function useSignedOutNotice(state: PixwelSessionSnapshot): string | null {
  const client = usePixwelClient()
  const [expired, setExpired] = useState(false)
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'contract-drift') return
        setExpired(event.type === 'signed-out' && event.reason === 'two-factor-expired')
      }),
    [client],
  )
  if (state.status !== 'signed-out') return null
  if (expired || ('reason' in state && state.reason === 'two-factor-expired')) {
    return 'The verification link expired. Please sign in again.'
  }
  const restoreFailed =
    ('restoreError' in state && state.restoreError !== undefined) ||
    ('reason' in state && state.reason === 'not-restored' && 'error' in state && !!state.error)
  return restoreFailed ? 'Your saved session could not be restored. Please sign in.' : null
}

/** Two-factor: wait for the emailed link, show the time it has left, or cancel. */
function CheckYourEmail({ state }: { state: PixwelSessionSnapshot }) {
  const signOut = useSignOut()
  useWaitForTwoFactor({ timeoutMs: twoFactorLifetimeMs })
  // The snapshot's expiry when the client gives one; else from when this view appeared.
  const [shownAt] = useState(Date.now)
  const expiresAt =
    'expiresAt' in state && typeof state.expiresAt === 'number'
      ? state.expiresAt
      : shownAt + twoFactorLifetimeMs
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  const seconds = Math.max(0, Math.ceil((expiresAt - now) / 1000))

  return (
    <main>
      <h1>Check your email</h1>
      <p>We emailed you a verification link. Open it: this page signs you in by itself.</p>
      <p role="status">Waiting for you to open the link…</p>
      <p>
        Time left:{' '}
        <span role="timer" aria-label="Time left to open the link">
          {Math.floor(seconds / 60)}:{String(seconds % 60).padStart(2, '0')}
        </span>
      </p>
      <button type="button" onClick={signOut}>
        Cancel
      </button>
    </main>
  )
}

/** The sign-in forms: a password, or a personal access token that may be kept on the device. */
function SignIn({ notice }: { notice: string | null }) {
  const signIn = useCreateSession()
  const read = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    return new FormData(event.currentTarget)
  }
  return (
    <main>
      <h1>Sign in to Pixwel</h1>
      {notice && <p role="status">{notice}</p>}
      <form
        aria-label="Sign in with a password"
        onSubmit={(event) => {
          const form = read(event)
          signIn.mutate({
            username: String(form.get('username')),
            password: String(form.get('password')),
          })
        }}
      >
        <label>
          Username <input name="username" autoComplete="username" />
        </label>
        <label>
          Password <input name="password" type="password" autoComplete="current-password" />
        </label>
        <button disabled={signIn.isPending}>Sign in</button>
      </form>
      <form
        aria-label="Sign in with a token"
        onSubmit={(event) => {
          const form = read(event)
          signIn.mutate({ token: String(form.get('token')), persist: form.get('keep') === 'on' })
        }}
      >
        <label>
          Personal access token <input name="token" type="password" autoComplete="off" />
        </label>
        <label>
          <input name="keep" type="checkbox" /> Keep me signed in on this device
        </label>
        <button disabled={signIn.isPending}>Sign in with token</button>
      </form>
      {signIn.error && <p role="alert">{pixwelErrorMessage(signIn.error)}</p>}
    </main>
  )
}
