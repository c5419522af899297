// @vitest-environment jsdom
import { dehydrate, hydrate, QueryClient, type DehydratedState } from '@tanstack/react-query'
import { act, waitFor } from '@testing-library/react'
import { hydrateRoot } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  sessionQueries,
  useCreateSession,
  usePixwelClient,
  usePreferences,
  useSession,
  useSignOut,
} from '../../src/index'
import { createSignedInClient } from '../../src/testing/index'
import { recordConsole } from './support/consoleRecorder'

const browserGlobals = [
  'window',
  'self',
  'document',
  'navigator',
  'location',
  'history',
  'localStorage',
  'sessionStorage',
  'BroadcastChannel',
  'XMLHttpRequest',
  'fetch',
  'matchMedia',
  'requestAnimationFrame',
  'addEventListener',
  'indexedDB',
  'crypto',
] as const

/** Runs `render` with every browser global replaced by a getter that records the access. */
function withoutBrowserGlobals<T>(render: () => T): { value: T; touched: string[] } {
  const touched: string[] = []
  const saved = new Map<string, PropertyDescriptor | undefined>()
  for (const name of browserGlobals) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name))
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name)
        return undefined
      },
    })
  }
  try {
    return { value: render(), touched }
  } finally {
    for (const [name, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor)
      else Reflect.deleteProperty(globalThis, name)
    }
  }
}

function Page() {
  const { session, status } = useSession()
  const preferences = usePreferences()
  const signIn = useCreateSession()
  const signOut = useSignOut()
  const client = usePixwelClient()
  return (
    <main>
      <h1>{session?.name ?? 'Signed out'}</h1>
      <p>
        {status} · {signIn.status} · {client.baseURL}
      </p>
      <p>uploads: {preferences?.ingest.maxUploads ?? '—'}</p>
      <button type="button" onClick={signOut}>
        Sign out
      </button>
    </main>
  )
}

const baseURL = 'https://api.pixwel.test/api'
let container: HTMLElement | undefined
afterEach(() => {
  container?.remove()
})

async function hydrateAndWatch(html: string, element: React.ReactNode) {
  container = document.createElement('div')
  container.innerHTML = html
  document.body.append(container)
  const recoverable: unknown[] = []
  const recording = recordConsole()
  try {
    await act(async () => {
      hydrateRoot(container!, element, {
        onRecoverableError: (error) => recoverable.push(error),
      })
      await Promise.resolve()
    })
  } finally {
    recording.restore()
  }
  return { recoverable, consoleCalls: recording.calls, after: container.innerHTML }
}

describe('server rendering', () => {
  it.each(['signed out', 'signed in'] as const)(
    'renders %s with renderToString touching no browser global, and hydrates without a warning',
    async (state) => {
      const signedIn = {
        baseURL,
        session: { name: 'Ada Server', preferences: { ingest: { maxUploads: 3 } } },
      }
      // The session is the client's: a signed-in page is rendered by a signed-in client, on the
      // server and in the browser alike (an SSR app signs in on both sides, e.g. with a token).
      const serverClient =
        state === 'signed in'
          ? await createSignedInClient(signedIn)
          : createPixwelClient({ baseURL })
      const serverQueryClient = new QueryClient()
      const { value: html, touched } = withoutBrowserGlobals(() =>
        renderToString(
          <PixwelProvider client={serverClient} queryClient={serverQueryClient}>
            <Page />
          </PixwelProvider>,
        ),
      )
      expect(touched).toEqual([])
      expect(html).toContain(state === 'signed in' ? 'Ada Server' : 'Signed out')
      expect(html).toContain(state === 'signed in' ? 'uploads: <!-- -->3' : 'uploads: <!-- -->—')

      const browserClient =
        state === 'signed in'
          ? await createSignedInClient(signedIn)
          : createPixwelClient({ baseURL })
      const browserQueryClient = new QueryClient()
      hydrate(
        browserQueryClient,
        JSON.parse(JSON.stringify(dehydrate(serverQueryClient))) as DehydratedState,
      )
      const { recoverable, consoleCalls, after } = await hydrateAndWatch(
        html,
        <PixwelProvider client={browserClient} queryClient={browserQueryClient}>
          <Page />
        </PixwelProvider>,
      )
      expect(recoverable).toEqual([])
      expect(consoleCalls).toEqual([])
      expect(after).toBe(html)
      // The provider mirrored the browser client's session into the cache after hydrating.
      expect(browserQueryClient.getQueryData(sessionQueries.current().queryKey) ?? null).toBe(
        browserClient.getSession().session,
      )
    },
  )

  it.each(['no kept token', 'a kept token'] as const)(
    "with persist: 'local' and %s: the server renders restoring, touches no storage, and hydrates alike",
    async (kept) => {
      // As a server does: the client is made first (per request or per module), then rendered.
      const { value: serverClient, touched: atCreation } = withoutBrowserGlobals(() =>
        createPixwelClient({ baseURL, persist: 'local' }),
      )
      // Creating it only asks whether there is a `window`; it reads no storage.
      expect(atCreation).toEqual(['window'])
      const { value: html, touched } = withoutBrowserGlobals(() =>
        renderToString(
          <PixwelProvider client={serverClient}>
            <Page />
          </PixwelProvider>,
        ),
      )
      expect(touched).toEqual([])
      expect(html).toContain('restoring')
      localStorage.clear()
      if (kept === 'a kept token') {
        localStorage.setItem(
          `pixwel-react:token:${baseURL}`,
          JSON.stringify({ v: 1, baseURL, token: 'pat_unknown_to_this_test' }),
        )
      }
      const browserClient = createPixwelClient({
        baseURL,
        persist: 'local',
        adapter: () => new Promise(() => undefined),
      })
      const { recoverable, consoleCalls } = await hydrateAndWatch(
        html,
        <PixwelProvider client={browserClient}>
          <Page />
        </PixwelProvider>,
      )
      expect(recoverable).toEqual([])
      expect(consoleCalls).toEqual([])
      // After hydrating, the browser's own state: signed out, or still restoring.
      await waitFor(() =>
        expect(container?.textContent).toContain(
          kept === 'a kept token' ? 'restoring' : 'signed-out',
        ),
      )
      browserClient.dispose()
      localStorage.clear()
    },
  )

  it('would notice a browser global or a mismatch (the checks above can fail)', async () => {
    expect(withoutBrowserGlobals(() => typeof localStorage).touched).toEqual(['localStorage'])

    const html = renderToString(
      <PixwelProvider client={createPixwelClient({ baseURL })} queryClient={new QueryClient()}>
        <Page />
      </PixwelProvider>,
    )
    const browserClient = await createSignedInClient({
      baseURL,
      session: { name: 'Only In The Browser' },
    })
    const { recoverable, consoleCalls } = await hydrateAndWatch(
      html,
      <PixwelProvider client={browserClient} queryClient={new QueryClient()}>
        <Page />
      </PixwelProvider>,
    )
    expect(recoverable.length + consoleCalls.length).toBeGreaterThan(0)
  })
})
