'use client'

import { useEffect, useState, type FormEvent } from 'react'
import {
  pixwelErrorMessage,
  pixwelSignedOutMessage,
  useCreateSession,
  useRefreshSession,
  useSession,
  useSignOut,
  useWaitForTwoFactor,
} from 'pixwel-react'

/** The sign-in page: a client component with one view per session status. */
export default function Page() {
  const state = useSession()
  const signOut = useSignOut()
  const refresh = useRefreshSession()

  switch (state.status) {
    case 'restoring':
      return <p role="status">Restoring your session…</p>
    case 'unreachable':
      // The kept session is fine; Pixwel could not be reached: the client tries again.
      return (
        <main>
          <p role="status">Can’t reach Pixwel, retrying…</p>
          <button type="button" onClick={() => refresh.mutate()} disabled={refresh.isPending}>
            Retry now
          </button>
        </main>
      )
    case 'two-factor-required':
      return <CheckYourEmail />
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
      // Why the last session ended, from the snapshot (nothing after the user's own sign-out).
      return (
        <SignIn
          notice={
            state.reason === 'sign-out' && !state.crossTab
              ? null
              : pixwelSignedOutMessage(state, {
                  'two-factor-expired': 'The verification link expired. Please sign in again.',
                })
          }
        />
      )
  }
}

/** Two-factor: wait for the emailed link, show the time it has left, or cancel. */
function CheckYourEmail() {
  const signOut = useSignOut()
  // The link's deadline, set once by the client from the sign-in's answer; at it, the client
  // signs out with reason `two-factor-expired`.
  const { expiresAt } = useWaitForTwoFactor()
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  const seconds = Math.max(0, Math.ceil(((expiresAt ?? now) - now) / 1000))

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
