// @vitest-environment jsdom
/**
 * "Unknown is not signed out": a restore that cannot reach Pixwel (the network, a timeout, a
 * 5xx) is `unreachable`, keeps the token and tries again by itself, with backoff, at once on
 * `online` and when the page is shown again; only Pixwel's 401 signs the user out.
 */
import { act, render, waitFor } from '@testing-library/react'
import { Suspense } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  useSuspenseSession,
  type PixwelClient,
  type PixwelClientEvent,
  type PixwelStorage,
} from '../../src/index'
import { fakePixwel, user } from '../support/fakePixwel'
import { testBaseURL } from '../support/pixwelWrapper'

const key = `pixwel-react:token:${testBaseURL}`
const clients: PixwelClient[] = []

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

function kept(token = 'pat_kept_0123456789') {
  const items = new Map([[key, JSON.stringify({ v: 1, baseURL: testBaseURL, token })]])
  const storage: PixwelStorage = {
    getItem: (name) => items.get(name) ?? null,
    setItem: (name, value) => void items.set(name, value),
    removeItem: (name) => void items.delete(name),
  }
  return { storage, items }
}

/** An API that is down (503, or the network) until `up` is set, then answers `answer`. */
function flakyApi(down: 'server' | 'network' = 'server') {
  const state = { up: false, revoked: false }
  const api = fakePixwel(() => {
    if (!state.up) {
      if (down === 'network') return { hold: Promise.reject(new Error('offline')) }
      return { status: 503 }
    }
    return state.revoked ? { status: 401 } : { status: 200, body: user('ada') }
  })
  return { ...api, state }
}

function client(storage: PixwelStorage, adapter: ReturnType<typeof fakePixwel>['adapter']) {
  const made = createPixwelClient({ baseURL: testBaseURL, persist: storage, adapter })
  clients.push(made)
  return made
}

describe('unknown is not signed out', () => {
  it('a restore that gets a 5xx is unreachable: the token is kept, the error said', async () => {
    const { storage, items } = kept()
    const api = flakyApi()
    const here = client(storage, api.adapter)
    const settled = await here.whenRestored()
    expect(settled).toMatchObject({
      status: 'unreachable',
      session: null,
      error: { kind: 'server' },
    })
    expect(items.has(key)).toBe(true)
    expect(here.isSignedIn()).toBe(false)
  })

  it('tries again by itself with backoff, then ends signed-in when Pixwel answers', async () => {
    vi.useFakeTimers()
    // No jitter in this test: the backoff itself is what is checked (1 s, then 2 s more).
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const { storage } = kept()
    const api = flakyApi()
    const here = client(storage, api.adapter)
    const seen: PixwelClientEvent['type'][] = []
    here.subscribe((event) => seen.push(event.type))
    await vi.advanceTimersByTimeAsync(0)
    expect(here.getSession().status).toBe('unreachable')
    expect(api.posts()).toHaveLength(1)
    // The first retry comes after a second, the second after two more.
    await vi.advanceTimersByTimeAsync(1_250)
    expect(api.posts()).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1_500)
    expect(api.posts()).toHaveLength(2)
    api.state.up = true
    await vi.advanceTimersByTimeAsync(1_000)
    expect(api.posts()).toHaveLength(3)
    expect(here.getSession()).toMatchObject({ status: 'signed-in', session: { id: 'ada' } })
    expect(seen).toEqual(['unreachable', 'unreachable', 'signed-in'])
    // Nothing more is sent once restored.
    await vi.advanceTimersByTimeAsync(120_000)
    expect(api.posts()).toHaveLength(3)
  })

  it('tries at once when the browser is back online, or the page is shown again', async () => {
    vi.useFakeTimers()
    const { storage } = kept()
    const api = flakyApi('network')
    const here = client(storage, api.adapter)
    await vi.advanceTimersByTimeAsync(0)
    expect(here.getSession()).toMatchObject({ status: 'unreachable', error: { kind: 'network' } })
    api.state.up = true
    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)
    expect(api.posts()).toHaveLength(2)
    expect(here.getSession().status).toBe('signed-in')
  })

  it('a 401 on a retry signs out and forgets the token: only Pixwel says the token is no good', async () => {
    vi.useFakeTimers()
    const { storage, items } = kept()
    const api = flakyApi()
    const here = client(storage, api.adapter)
    await vi.advanceTimersByTimeAsync(0)
    api.state.up = true
    api.state.revoked = true
    await vi.advanceTimersByTimeAsync(1_250)
    expect(here.getSession()).toMatchObject({
      status: 'signed-out',
      reason: 'not-restored',
      error: { kind: 'unauthorized' },
    })
    expect(items.has(key)).toBe(false)
  })

  it('refreshSession() (a Retry button) tries again now; a sign-in supersedes; a sign-out forgets', async () => {
    const { storage, items } = kept()
    const api = flakyApi()
    const here = client(storage, api.adapter)
    await here.whenRestored()
    await expect(here.refreshSession()).rejects.toMatchObject({ kind: 'server' })
    expect(api.posts()).toHaveLength(2)
    api.state.up = true
    await expect(here.refreshSession()).resolves.toMatchObject({ id: 'ada' })
    expect(here.getSession().status).toBe('signed-in')
    here.signOut()
    expect(items.has(key)).toBe(false)
  })

  it('useSuspenseSession treats unreachable as settled', async () => {
    const { storage } = kept()
    const here = client(storage, flakyApi().adapter)
    function Status() {
      return <p>{useSuspenseSession().status}</p>
    }
    const view = render(
      <PixwelProvider client={here}>
        <Suspense fallback={<p>wait</p>}>
          <Status />
        </Suspense>
      </PixwelProvider>,
    )
    await waitFor(() => expect(view.container.textContent).toBe('unreachable'))
    await act(() => Promise.resolve())
    view.unmount()
  })

  it('dispose() stops the retries', async () => {
    vi.useFakeTimers()
    const { storage } = kept()
    const api = flakyApi()
    const here = client(storage, api.adapter)
    await vi.advanceTimersByTimeAsync(0)
    here.dispose()
    await vi.advanceTimersByTimeAsync(120_000)
    expect(api.posts()).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })
})
