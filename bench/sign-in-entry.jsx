// The sign-in of an app, as small as it gets: what `npm run size` and the bundle rows of
// `npm run bench` measure. It imports the built package (dist/), so it is plain JSX, not
// TypeScript: `npm test` type-checks before it builds.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createRoot } from 'react-dom/client'
import { PixwelProvider, createPixwelClient, useCreateSession, useSession } from 'pixwel-react'

const client = createPixwelClient({ environment: 'production' })
const queryClient = new QueryClient()

function SignIn() {
  const state = useSession()
  const signIn = useCreateSession()
  if (state.status === 'signed-in') return <p>Hello {state.session.username}</p>
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
