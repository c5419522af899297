// @vitest-environment jsdom
/**
 * Attack on issue 19, "Clients made by the provider are owned by it" and the Suspense hooks,
 * in a DOM: `<PixwelProvider options>` with a token kept in localStorage.
 */
import { act, render, screen, waitFor } from '@testing-library/react'
import { setupServer } from 'msw/node'
import { StrictMode, Suspense, useState } from 'react'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  isPixwelError,
  PixwelProvider,
  usePixwelClient,
  useSession,
  useSuspenseSession,
  type PixwelClient,
  type PixwelProviderClientOptions,
} from '../../src/index'
import { createPixwelHandlers } from '../../src/testing/index'
import { base, key, sleep, stored } from './support'

const token = 'pat_attackProvider0123'
const posts: (string | null)[] = []
const server = setupServer(
  ...createPixwelHandlers({
    baseURL: base,
    accounts: [{ token, session: { _id: 'ada', name: 'Ada' } }],
  }),
)

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' })
  server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname.endsWith('/session'))
      posts.push(request.headers.get('authorization'))
  })
})
afterEach(() => {
  posts.length = 0
  localStorage.clear()
})
afterAll(() => {
  server.close()
})

function Header() {
  const state = useSuspenseSession()
  return <p data-testid="who">{state.session?.name ?? `out:${state.status}`}</p>
}

describe('useSuspenseSession with a provider-made client', () => {
  it('fixed (was a defect): a <Suspense> boundary above <PixwelProvider options> never leaves its fallback', async () => {
    localStorage.setItem(key, stored(token))
    // A common layout: one boundary at the root, around the providers. The provider's
    // client is dormant until the provider's effect starts it, but the provider never
    // commits while its child suspends on that client's whenRestored(): nothing starts
    // the restore, and every retry makes a new dormant client.
    render(
      <Suspense fallback={<p data-testid="fallback">loading</p>}>
        <PixwelProvider options={{ baseURL: base, persist: 'local' }}>
          <Header />
        </PixwelProvider>
      </Suspense>,
    )
    expect(screen.getByTestId('fallback')).toBeTruthy()
    await sleep(1500)
    expect(posts).toHaveLength(1)
    expect(screen.queryByTestId('who')?.textContent).toBe('Ada')
  })

  it('held: a boundary inside the provider renders the restored session, one restore request', async () => {
    localStorage.setItem(key, stored(token))
    render(
      <PixwelProvider options={{ baseURL: base, persist: 'local' }}>
        <Suspense fallback={<p data-testid="fallback">loading</p>}>
          <Header />
        </Suspense>
      </PixwelProvider>,
      { reactStrictMode: true },
    )
    await waitFor(() => expect(screen.getByTestId('who').textContent).toBe('Ada'))
    expect(posts).toEqual([`Bearer ${token}`])
  })
})

describe('provider-owned clients', () => {
  it('held: StrictMode, one kept token, one restore; unmount disposes the client', async () => {
    localStorage.setItem(key, stored(token))
    const seen: { client?: PixwelClient } = {}
    function Grab() {
      const client = usePixwelClient()
      // eslint-disable-next-line react-hooks/immutability -- a test probe
      seen.client = client
      return <p data-testid="status">{useSession().status}</p>
    }
    const view = render(
      <StrictMode>
        <PixwelProvider options={{ baseURL: base, persist: 'local' }}>
          <Grab />
        </PixwelProvider>
      </StrictMode>,
    )
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-in'))
    expect(posts).toHaveLength(1)
    view.unmount()
    await sleep(10)
    const refused = await seen.client!.refreshSession().catch((error: unknown) => error)
    expect(isPixwelError(refused) && refused.kind).toBe('configuration')
    expect(posts).toHaveLength(1)
  })

  it('fixed (was a minor defect): the same options with their keys in another order make a new client (and a second restore)', async () => {
    localStorage.setItem(key, stored(token))
    const clients = new Set<PixwelClient>()
    function Grab() {
      clients.add(usePixwelClient())
      return <p data-testid="status">{useSession().status}</p>
    }
    const flip: { now: () => void } = { now: () => undefined }
    function App() {
      const [reversed, setReversed] = useState(false)
      // eslint-disable-next-line react-hooks/immutability -- a test probe
      flip.now = () => setReversed(true)
      // The same options, built in another order by another code path.
      const options: PixwelProviderClientOptions = reversed
        ? { persist: 'local', baseURL: base }
        : { baseURL: base, persist: 'local' }
      return (
        <PixwelProvider options={options}>
          <Grab />
        </PixwelProvider>
      )
    }
    render(<App />)
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('signed-in'))
    act(() => flip.now())
    await sleep(200)
    // Change detection by value, as the issue asks of sessions: equal options, one client.
    expect(clients.size).toBe(1)
    expect(posts).toHaveLength(1)
  })

  it('fixed (was a minor defect): options with a throwing getter give a raw error, not a configuration PixwelError', () => {
    const options = {
      baseURL: base,
      get environment(): 'staging' {
        throw new Error('hostile getter')
      },
    }
    let thrown: unknown
    const original = console.error
    console.error = () => undefined
    try {
      render(<PixwelProvider options={options}>x</PixwelProvider>)
    } catch (error) {
      thrown = error
    } finally {
      console.error = original
    }
    expect(isPixwelError(thrown) && thrown.kind).toBe('configuration')
  })

  it('held: options={null} and a class instance give configuration', () => {
    const original = console.error
    console.error = () => undefined
    try {
      for (const options of [
        null,
        new (class Options {
          readonly baseURL = base
        })(),
        [],
        'local',
      ]) {
        let thrown: unknown
        try {
          render(<PixwelProvider options={options as never}>x</PixwelProvider>)
        } catch (error) {
          thrown = error
        }
        expect(isPixwelError(thrown) && thrown.kind).toBe('configuration')
      }
    } finally {
      console.error = original
    }
  })
})
