'use client'

import { pixwelErrorMessage, useCreateSession, useSession, useSignOut } from 'pixwel-react'

/** The sign-in page: a client component using the hooks. */
export default function Page() {
  const state = useSession()
  const signIn = useCreateSession()
  const signOut = useSignOut()

  if (state.status === 'restoring') return <p role="status">Restoring your session…</p>
  if (state.status === 'two-factor-required') {
    return <p role="status">Check your email to finish signing in.</p>
  }
  if (state.status === 'signed-in') {
    return (
      <main>
        <h1>Hello {state.session.name ?? state.session.username}</h1>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </main>
    )
  }
  return (
    <main>
      <h1>Sign in to Pixwel</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          const form = new FormData(event.currentTarget)
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
        {signIn.error && <p role="alert">{pixwelErrorMessage(signIn.error)}</p>}
      </form>
    </main>
  )
}
