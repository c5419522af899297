// The sign-in of bench/sign-in-entry.jsx, and a sign-out button once signed in: the app that
// the bundle rows of `npm run bench` compare with better-auth's (bench/better-auth-entry.jsx,
// which does the same). It imports the built package (dist/), so it is plain JSX.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import {
  PixwelProvider,
  createPixwelClient,
  useCreateSession,
  useSession,
  useSignOut,
} from 'pixwel-react'

const client = createPixwelClient({ environment: 'production' })
const queryClient = new QueryClient()

function SignIn() {
  const state = useSession()
  const signIn = useCreateSession()
  const signOut = useSignOut()
  if (state.status === 'signed-in') {
    return (
      <p>
        Hello {state.session.username} <button onClick={signOut}>Sign out</button>
      </p>
    )
  }
  return (
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
      <input name="username" autoComplete="username" />
      <input name="password" type="password" autoComplete="current-password" />
      <button disabled={signIn.isPending}>Sign in</button>
      {signIn.error && <p role="alert">{signIn.error.message}</p>}
    </form>
  )
}

createRoot(document.getElementById('root')).render(
  <QueryClientProvider client={queryClient}>
    <PixwelProvider client={client}>
      <SignIn />
    </PixwelProvider>
  </QueryClientProvider>,
)
