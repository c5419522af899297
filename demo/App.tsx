import { useSession } from '../src/index.js'
import { LoginForm } from './components/LoginForm.js'
import { SessionView } from './components/SessionView.js'

/**
 * The demo app: the login form while signed out, the signed-in user otherwise.
 *
 * @example
 * ```tsx
 * <PixwelProvider client={client}><App apiURL={client.baseURL} /></PixwelProvider>
 * ```
 */
export function App({ apiURL }: { apiURL: string }) {
  const { status } = useSession()
  return (
    <div className="app">
      <header className="app-header">Pixwel · pixwel-react demo</header>
      <main>{status === 'signed-out' ? <LoginForm /> : <SessionView />}</main>
      <footer className="app-footer">
        API: <code>{apiURL}</code>
      </footer>
    </div>
  )
}
