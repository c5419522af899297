import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import {
  createPixwelClient,
  isPixwelError,
  pixwelIdle,
  PixwelProvider,
  pixwelTimeline,
} from '../src/index.js'
import { App } from './App.js'
import { resetDemoTwoFactorOnSignOut } from './resetDemoTwoFactor.js'
import './app.css'

// React Query's devtools only on request (`?devtools`): their floating button covers the page
// on a phone, and they are loaded only when asked for.
const ReactQueryDevtools =
  import.meta.env.DEV && new URLSearchParams(window.location.search).has('devtools')
    ? lazy(() =>
        import('@tanstack/react-query-devtools').then((module) => ({
          default: module.ReactQueryDevtools,
        })),
      )
    : null

const root = createRoot(document.getElementById('root')!)

// The idle sign-out on request, with the times in the URL (`?idle=30000&idleWarning=10000`, in
// ms), so that it can be tried, and tested, without waiting half an hour.
const search = new URLSearchParams(window.location.search)
const idleMs = search.get('idle')
const idleWarningMs = search.get('idleWarning')

// `?refreshIntervalMs=60000` refreshes the session on that interval as well (the bench measures
// a working day of tabs with it); a value that is not a valid one shows the configuration error.
const refreshIntervalParam = search.get('refreshIntervalMs')

try {
  const client = createPixwelClient({
    ...(idleMs === null
      ? {}
      : {
          idle: pixwelIdle({
            timeoutMs: Number(idleMs),
            ...(idleWarningMs === null ? {} : { warningMs: Number(idleWarningMs) }),
          }),
        }),
    baseURL: import.meta.env.VITE_PIXWEL_API_URL,
    // A token signed in with "Keep me signed in on this device" is restored on reload; a
    // password never is (the library keeps only tokens).
    persist: 'local',
    // A focus refreshes the session, and the tabs share one refresh: the scheduler at work.
    refreshOnFocus: true,
    ...(refreshIntervalParam === null ? {} : { refreshIntervalMs: Number(refreshIntervalParam) }),
    // A cosmetic field the API retyped does not lock users out (drifted@example.com): it falls
    // back to its default, and the drift is logged below, by path (never a value).
    contract: 'tolerant',
    // The scheduler at work, in the Timeline panel under the card: why each request went or
    // did not, what was kept, what the other tabs said (redacted: no credential, no email).
    timeline: pixwelTimeline(),
    onContractDrift: (report) => {
      const paths = report.drift.map((drift) => `${drift.path.join('.')} (${drift.kind})`)
      console.warn(
        `pixwel-react: the answer to ${report.endpoint} drifted from contract ${report.contractVersion}` +
          `${report.accepted ? '' : ' and was refused'}: ${paths.join(', ')}`,
      )
    },
  })
  // Kept sessions restore by themselves; a failed restore or an expired link is logged.
  client.subscribe((event) => {
    if (event.type === 'signed-out' && event.error) {
      console.info(`pixwel-react: signed out (${event.reason}): ${event.error.message}`)
    }
  })
  // The demo's two-factor user can be tried again and again: see resetDemoTwoFactor.ts.
  resetDemoTwoFactorOnSignOut(client)
  root.render(
    <StrictMode>
      <PixwelProvider client={client}>
        <App apiURL={client.baseURL} timeline />
        {ReactQueryDevtools && (
          <Suspense>
            <ReactQueryDevtools buttonPosition="bottom-left" />
          </Suspense>
        )}
      </PixwelProvider>
    </StrictMode>,
  )
} catch (error) {
  // A bad PIXWEL_API_URL is the developer's to fix: say what is wrong on the page itself.
  if (!isPixwelError(error) || error.kind !== 'configuration') throw error
  root.render(
    <div className="app-config-error" role="alert">
      <h1>The demo cannot start</h1>
      <p>{error.message}</p>
      <p>
        Set <code>PIXWEL_API_URL</code> to an <code>https:</code> Pixwel API root (or a loopback{' '}
        <code>http:</code> one) and restart <code>npm start</code>; give <code>?idle=</code> and{' '}
        <code>&amp;idleWarning=</code> in milliseconds, the warning shorter.
      </p>
    </div>,
  )
}
