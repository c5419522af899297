// @vitest-environment jsdom
import { QueryClient } from '@tanstack/react-query'
import { act, render, renderHook, screen } from '@testing-library/react'
import type { ReactNode } from 'react'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  pixwelIdle,
  useIdleWarning,
  type PixwelClient,
} from '../../src/index'
import { fakePixwel, user } from '../support/fakePixwel'

const t0 = Date.UTC(2026, 0, 5, 9)
let client: PixwelClient
let wrapper: (props: { children?: ReactNode }) => ReactNode

beforeEach(() => {
  vi.useFakeTimers({ now: t0 })
  // The browser's own page (jsdom's window): activity is a pointerdown or a keydown.
  client = createPixwelClient({
    baseURL: `https://i${Math.random().toString(36).slice(2)}.pixwel.test/api`,
    // Each answer a little different: a refresh makes a new snapshot.
    adapter: fakePixwel((_, index) => ({
      status: 200,
      body: user('ada', { overrides: { name: `Ada ${index}` } }),
    })).adapter,
    idle: pixwelIdle({ timeoutMs: 60_000, warningMs: 10_000 }),
  })
  const queryClient = new QueryClient()
  wrapper = ({ children }) => (
    <PixwelProvider client={client} queryClient={queryClient}>
      {children}
    </PixwelProvider>
  )
})

afterEach(() => {
  client.dispose()
  vi.useRealTimers()
})

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))

describe('useIdleWarning', () => {
  it('is null until the warning, then counts down each whole second until the sign-out', async () => {
    let renders = 0
    const { result } = renderHook(
      () => {
        renders++
        return useIdleWarning()
      },
      { wrapper },
    )
    expect(result.current).toBeNull()
    await act(() => client.createSession({ token: 'pat_one_0123456789' }))
    await advance(49_999)
    expect(result.current).toBeNull()
    const before = renders
    await advance(1)
    expect(result.current).toEqual({ signOutAt: t0 + 60_000, msLeft: 10_000 })
    await advance(999)
    expect(result.current).toEqual({ signOutAt: t0 + 60_000, msLeft: 10_000 })
    await advance(1)
    expect(result.current).toEqual({ signOutAt: t0 + 60_000, msLeft: 9_000 })
    await advance(8_000)
    expect(result.current?.msLeft).toBe(1_000)
    // One render per second of the warning (nine so far), not one per timer or per event.
    expect(renders - before).toBeLessThanOrEqual(9 + 1)
    await advance(1_000)
    expect(client.getSession()).toMatchObject({ status: 'signed-out', reason: 'idle' })
    expect(result.current).toBeNull()
  })

  it('activity (a key, a pointer) puts the warning off', async () => {
    const { result } = renderHook(useIdleWarning, { wrapper })
    await act(() => client.createSession({ token: 'pat_one_0123456789' }))
    await advance(55_000)
    expect(result.current).toEqual({ signOutAt: t0 + 60_000, msLeft: 5_000 })
    act(() => {
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    })
    expect(result.current).toBeNull()
    await advance(49_999)
    expect(result.current).toBeNull()
    await advance(1)
    expect(result.current).toEqual({ signOutAt: t0 + 115_000, msLeft: 10_000 })
    act(() => {
      window.dispatchEvent(new Event('pointerdown'))
    })
    expect(result.current).toBeNull()
    expect(client.isSignedIn()).toBe(true)
  })

  it('a refresh during the warning keeps it', async () => {
    const { result } = renderHook(useIdleWarning, { wrapper })
    await act(() => client.createSession({ token: 'pat_one_0123456789' }))
    await advance(52_000)
    expect(result.current).toEqual({ signOutAt: t0 + 60_000, msLeft: 8_000 })
    // A refresh is no activity, and its new snapshot keeps the warning.
    const before = client.getSession()
    await act(() => client.refreshSession())
    expect(client.getSession()).not.toBe(before)
    expect(client.getSession().session?.name).toBe('Ada 1')
    expect(result.current).toEqual({ signOutAt: t0 + 60_000, msLeft: 8_000 })
    await advance(8_000)
    expect(result.current).toBeNull()
    expect(client.getSession()).toMatchObject({ reason: 'idle' })
  })

  it('a sign-out during the warning ends it', async () => {
    const { result } = renderHook(useIdleWarning, { wrapper })
    await act(() => client.createSession({ token: 'pat_one_0123456789' }))
    await advance(52_000)
    expect(result.current).not.toBeNull()
    act(() => client.signOut())
    expect(result.current).toBeNull()
    await advance(60_000)
    expect(result.current).toBeNull()
  })

  it('shows the app’s banner, and nothing on the server', async () => {
    function Banner() {
      const warning = useIdleWarning()
      if (!warning) return <p>Working</p>
      return <p role="alert">You’ll be signed out in {Math.ceil(warning.msLeft / 1000)} s.</p>
    }
    await client.createSession({ token: 'pat_one_0123456789' })
    await vi.advanceTimersByTimeAsync(55_000)
    // A server render (no effects run): null, whatever the client says.
    const Wrapper = wrapper
    expect(
      renderToString(
        <Wrapper>
          <Banner />
        </Wrapper>,
      ),
    ).toContain('Working')
    // Mounted during the warning: it shows it, and counts down.
    render(<Banner />, { wrapper })
    expect(screen.getByRole('alert').textContent).toBe('You’ll be signed out in 5 s.')
    await advance(1_000)
    expect(screen.getByRole('alert').textContent).toBe('You’ll be signed out in 4 s.')
    act(() => {
      window.dispatchEvent(new Event('pointerdown'))
    })
    expect(screen.queryByRole('alert')).toBeNull()
    await advance(50_000)
    expect(screen.getByRole('alert').textContent).toBe('You’ll be signed out in 10 s.')
    await advance(1_000)
    expect(screen.getByRole('alert').textContent).toBe('You’ll be signed out in 9 s.')
  })
})
