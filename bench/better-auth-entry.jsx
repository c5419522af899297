// The app of bench/sign-in-out-entry.jsx (sign in, show the user, sign out) written with
// better-auth's React client, the peer the bundle rows of `npm run bench` compare with. The
// bench copies it into the folder it installs better-auth in (bench/peers.ts), so that
// `better-auth/react` resolves there: better-auth is never a dependency of this package.
// better-auth has no React Query or axios to lean on, so the app keeps its own pending and
// error state, as its documentation does.
import { useState } from 'react'
import { createRoot } from 'react-dom/client'
import { createAuthClient } from 'better-auth/react'

const authClient = createAuthClient({ baseURL: 'https://app.pixwel.com/api' })

function SignIn() {
  const { data } = authClient.useSession()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState(null)
  if (data) {
    return (
      <p>
        Hello {data.user.name} <button onClick={() => void authClient.signOut()}>Sign out</button>
      </p>
    )
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        const form = new FormData(event.currentTarget)
        setPending(true)
        void authClient.signIn
          .email({ email: String(form.get('email')), password: String(form.get('password')) })
          .then((result) => {
            setPending(false)
            setError(result.error)
          })
      }}
    >
      <input name="email" type="email" autoComplete="username" />
      <input name="password" type="password" autoComplete="current-password" />
      <button disabled={pending}>Sign in</button>
      {error && <p role="alert">{error.message}</p>}
    </form>
  )
}

createRoot(document.getElementById('root')).render(<SignIn />)
