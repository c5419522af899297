// @vitest-environment jsdom
/**
 * Second attack on issue 19, "Clients made by the provider are owned by it": clients shared by
 * equal options, the 30 s grace of a client woken by a suspended render, hydration, an app
 * that disposes of the provider's client itself. Requests are counted at the network (msw).
 */
import { act, render, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { StrictMode, Suspense, useState, type ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { hydrateRoot } from 'react-dom/client'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  isPixwelError,
  PixwelProvider,
  usePixwelClient,
  useSession,
  useSuspenseSession,
  type PixwelClient,
  type PixwelProviderClientOptions,
} from '../../src/index'
import { base, body, key, sleep, stored } from '../attack/support'

const token = 'pat_attack2Provider0123'
const posts: (string | null)[] = []
/** While set, POST /session waits for it. */
let gate: Promise<void> | null = null
const server = setupServer(
  http.post(`${base}/session`, async ({ request }) => {
    posts.push(request.headers.get('authorization'))
    if (gate) await gate
    if (request.headers.get('authorization') !== `Bearer ${token}`)
      return HttpResponse.json({}, { status: 401 })
    return new HttpResponse(body('ada'), { headers: { 'content-type': 'application/json' } })
  }),
)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  posts.length = 0
  gate = null
  localStorage.clear()
  vi.restoreAllMocks()
})
afterAll(() => server.close())

const kind = (error: unknown) => (isPixwelError(error) ? error.kind : error)
let n = 0
/** Options no other test used: the provider's clients are shared by options, across tests. */
const fresh = (extra: Partial<PixwelProviderClientOptions> = {}): PixwelProviderClientOptions => ({
  baseURL: base,
  persist: 'local',
  refreshIntervalMs: 1_000_000 + n++,
  ...extra,
})

function Header() {
  const state = useSuspenseSession()
  return <p data-testid="who">{state.session?.name ?? `out:${state.status}`}</p>
}

function deferred() {
  let open!: () => void
  const promise = new Promise<void>((resolve) => (open = resolve))
  return { promise, open }
}

describe('the 30 s grace of a client woken by a suspended render', () => {
  it('fixed (was a defect): a restore slower than 30 s (timeoutMs 60 000) is not cancelled: the grace starts once it settled', async () => {
    localStorage.setItem(key, stored(token))
    const slow = deferred()
    gate = slow.promise
    const timeouts = vi.spyOn(globalThis, 'setTimeout')
    // A layout with one boundary at the root, a slow API, the timeout raised to match.
    render(
      <Suspense fallback={<p data-testid="fallback">loading</p>}>
        <PixwelProvider options={fresh({ timeoutMs: 60_000 })}>
          <Header />
        </PixwelProvider>
      </Suspense>,
    )
    await waitFor(() => expect(posts).toHaveLength(1))
    // 30 s pass with the restore still under way: the grace timer fires.
    // The render is still suspended on the client, waiting for that very restore: it must
    // not be disposed of under it. The grace only starts once the restore settled.
    expect(timeouts.mock.calls.find(([, ms]) => ms === 30_000)).toBeUndefined()
    await sleep(100)
    expect(posts).toHaveLength(1)
    slow.open()
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('ada'))
    expect(posts).toHaveLength(1)
  })

  it('held: a boundary that goes away while suspended leaves a client that is disposed after 30 s', async () => {
    localStorage.setItem(key, stored(token))
    const slow = deferred()
    gate = slow.promise
    const timeouts = vi.spyOn(globalThis, 'setTimeout')
    const seen: { client?: PixwelClient } = {}
    function Grab() {
      // eslint-disable-next-line react-hooks/immutability -- a test probe
      seen.client = usePixwelClient()
      return <Header />
    }
    const view = render(
      <Suspense fallback={<p>loading</p>}>
        <PixwelProvider options={fresh()}>
          <Grab />
        </PixwelProvider>
      </Suspense>,
    )
    await waitFor(() => expect(posts).toHaveLength(1))
    view.unmount()
    // The restore settles; then the 30 s grace runs, and nobody claimed the client.
    slow.open()
    await sleep(50)
    const grace = timeouts.mock.calls.find(([, ms]) => ms === 30_000)
    grace![0]()
    expect(kind(await seen.client!.refreshSession().catch((e: unknown) => e))).toBe('configuration')
    await sleep(50)
    expect(posts).toHaveLength(1)
  })

  it('held: StrictMode, a boundary above the provider: one restore, the session shown', async () => {
    localStorage.setItem(key, stored(token))
    render(
      <StrictMode>
        <Suspense fallback={<p data-testid="fallback">loading</p>}>
          <PixwelProvider options={fresh()}>
            <Header />
          </PixwelProvider>
        </Suspense>
      </StrictMode>,
    )
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('ada'))
    await sleep(50)
    expect(posts).toHaveLength(1)
  })
})

describe('two providers with equal options', () => {
  function Status({ id }: { id: string }) {
    return <p data-testid={id}>{useSession().status}</p>
  }

  it('held: mounted one after the other, unmounted in either order: one client, one restore, disposed by the last', async () => {
    localStorage.setItem(key, stored(token))
    const options = fresh()
    const clients = new Set<PixwelClient>()
    function Grab({ id }: { id: string }) {
      clients.add(usePixwelClient())
      return <Status id={id} />
    }
    const flip: { set: (s: { a: boolean; b: boolean }) => void } = { set: () => undefined }
    function App() {
      const [shown, setShown] = useState({ a: true, b: false })
      // eslint-disable-next-line react-hooks/immutability -- a test probe
      flip.set = setShown
      return (
        <>
          {shown.a && (
            <PixwelProvider options={{ ...options }}>
              <Grab id="a" />
            </PixwelProvider>
          )}
          {shown.b && (
            <PixwelProvider options={{ ...options }}>
              <Grab id="b" />
            </PixwelProvider>
          )}
        </>
      )
    }
    render(<App />)
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('signed-in'))
    act(() => flip.set({ a: true, b: true }))
    act(() => flip.set({ a: false, b: true }))
    await sleep(20)
    expect(screen.getByTestId('b').textContent).toBe('signed-in')
    const [client] = [...clients]
    expect(clients.size).toBe(1)
    await client!.refreshSession()
    expect(posts).toHaveLength(2)
    act(() => flip.set({ a: false, b: false }))
    await sleep(20)
    expect(kind(await client!.refreshSession().catch((e: unknown) => e))).toBe('configuration')
    // A provider mounted again after that makes a new client and restores again.
    act(() => flip.set({ a: true, b: false }))
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('signed-in'))
    expect(clients.size).toBe(2)
    expect(posts).toHaveLength(3)
  })

  it('held: one provider unmounts and an equal one mounts in the same commit: the client and its session go on', async () => {
    localStorage.setItem(key, stored(token))
    const options = fresh()
    const flip: { now: () => void } = { now: () => undefined }
    function App() {
      const [where, setWhere] = useState<'left' | 'right'>('left')
      // eslint-disable-next-line react-hooks/immutability -- a test probe
      flip.now = () => setWhere('right')
      const provider = (
        <PixwelProvider options={{ ...options }}>
          <Status id="s" />
        </PixwelProvider>
      )
      return where === 'left' ? <div>{provider}</div> : <section>{provider}</section>
    }
    render(<App />)
    await waitFor(() => expect(screen.getByTestId('s').textContent).toBe('signed-in'))
    act(() => flip.now())
    await sleep(20)
    expect(screen.getByTestId('s').textContent).toBe('signed-in')
    expect(posts).toHaveLength(1)
  })
})

describe('an app that disposes of the provider-made client itself', () => {
  it('documented, not changed: an app that disposes of the provider’s own client leaves the page on its last snapshot', async () => {
    localStorage.setItem(key, stored(token))
    const options = fresh()
    const seen: { client?: PixwelClient } = {}
    const rerender: { now: () => void } = { now: () => undefined }
    function Grab() {
      // eslint-disable-next-line react-hooks/immutability -- a test probe
      seen.client = usePixwelClient()
      return <p data-testid="status">{useSession().status}</p>
    }
    function App({ children }: { children: ReactNode }) {
      const [, setN] = useState(0)
      // eslint-disable-next-line react-hooks/immutability -- a test probe
      rerender.now = () => setN((x) => x + 1)
      return <PixwelProvider options={{ ...options }}>{children}</PixwelProvider>
    }
    render(
      <App>
        <Grab />
      </App>,
    )
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-in'))
    const first = seen.client!
    act(() => first.dispose())
    await sleep(20)
    // Known and documented (PixwelClient.dispose, the README): a client made by
    // <PixwelProvider options> is the provider's, and an app must not dispose of it. If one
    // does, the client refuses everything while the page still shows its last snapshot.
    const refused = await first.refreshSession().catch((e: unknown) => e)
    expect(kind(refused)).toBe('configuration')
    expect(screen.getByTestId('status').textContent).toBe('signed-in')
  })

  it('held: after the app disposed of it, a render of the provider makes a new client (one more restore)', async () => {
    localStorage.setItem(key, stored(token))
    const options = fresh()
    const seen: PixwelClient[] = []
    const rerender: { now: () => void } = { now: () => undefined }
    function Grab() {
      seen.push(usePixwelClient())
      return <p data-testid="status">{useSession().status}</p>
    }
    function App() {
      const [count, setCount] = useState(0)
      // eslint-disable-next-line react-hooks/immutability -- a test probe
      rerender.now = () => setCount((x) => x + 1)
      return (
        <PixwelProvider options={{ ...options }}>
          <Grab key={count} />
        </PixwelProvider>
      )
    }
    render(<App />)
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-in'))
    act(() => seen.at(-1)!.dispose())
    act(() => rerender.now())
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-in'))
    expect(new Set(seen).size).toBe(2)
    expect(posts).toHaveLength(2)
  })
})

describe('hydration', () => {
  it('held: hydrateRoot after renderToString (persist local): no mismatch, one restore', async () => {
    localStorage.setItem(key, stored(token))
    const options = fresh()
    function Status() {
      return <p data-testid="status">{useSession().status}</p>
    }
    function App() {
      return (
        <PixwelProvider options={{ ...options }}>
          <Status />
        </PixwelProvider>
      )
    }
    const html = renderToString(<App />)
    expect(html).toContain('restoring')
    expect(posts).toHaveLength(0)
    const container = document.createElement('div')
    container.innerHTML = html
    document.body.appendChild(container)
    const recoverable: unknown[] = []
    let root!: ReturnType<typeof hydrateRoot>
    act(() => {
      root = hydrateRoot(container, <App />, {
        onRecoverableError: (e) => void recoverable.push(e),
      })
    })
    await waitFor(() =>
      expect(container.querySelector('[data-testid=status]')?.textContent).toBe('signed-in'),
    )
    expect(recoverable).toEqual([])
    expect(posts).toHaveLength(1)
    act(() => root.unmount())
    container.remove()
  })
})

describe('the issue list, counted', () => {
  it('held: an options change then focus: only the current client sends; after unmount nothing does', async () => {
    localStorage.setItem(key, stored(token))
    const flip: { now: () => void } = { now: () => undefined }
    const first = fresh({ refreshOnFocus: true })
    function Status() {
      return <p data-testid="s">{useSession().status}</p>
    }
    function App() {
      const [changed, setChanged] = useState(false)
      // eslint-disable-next-line react-hooks/immutability -- a test probe
      flip.now = () => setChanged(true)
      return (
        <PixwelProvider options={changed ? { ...first, timeoutMs: 20_000 } : first}>
          <Status />
        </PixwelProvider>
      )
    }
    const view = render(<App />)
    await waitFor(() => expect(screen.getByTestId('s').textContent).toBe('signed-in'))
    act(() => flip.now())
    await waitFor(() => expect(posts).toHaveLength(2))
    await sleep(50)
    window.dispatchEvent(new Event('focus'))
    await sleep(50)
    expect(posts).toHaveLength(3)
    view.unmount()
    await sleep(20)
    window.dispatchEvent(new Event('focus'))
    await sleep(50)
    expect(posts).toHaveLength(3)
  })
})
