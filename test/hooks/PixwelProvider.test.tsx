// @vitest-environment jsdom
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  expectTypeOf,
  it,
  onTestFinished,
  vi,
} from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  useCreateSession,
  usePixwelClient,
  useSession,
  type PixwelProviderProps,
} from '../../src/index'
import * as parser from '../../src/schemas/parseSession'
import { createPixwelHandlers } from '../../src/testing/index'

vi.mock('../../src/schemas/parseSession', { spy: true })
import { setupPixwel, testBaseURL } from '../support/pixwelWrapper'
import { captureWindowErrors } from '../support/windowErrors'

const password = 'Sentinel-Password-Pr0v1der'

const server = setupServer(
  ...createPixwelHandlers({
    baseURL: testBaseURL,
    accounts: [
      { token: 'pat_layout_test_token', session: { _id: 'ada', name: 'Ada' } },
      { username: 'ada@example.com', password, session: { _id: 'ada', name: 'Ada' } },
    ],
  }),
  http.get(`${testBaseURL}/expired`, () => HttpResponse.json({}, { status: 401 })),
)
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' })
})
afterAll(() => {
  server.close()
})

function Status() {
  const state = useSession()
  const client = usePixwelClient()
  return (
    <p data-testid="status">
      {state.status} {state.session?.name ?? ''} {client.baseURL}
    </p>
  )
}

// `PixwelProvider options={…}`: what a React Server Component layout renders, with plain values
// only; the provider makes the client in the browser.
describe('PixwelProvider with options', () => {
  it('makes its client from plain options, and restores a kept token', async () => {
    localStorage.setItem(
      `pixwel-react:token:${testBaseURL}`,
      JSON.stringify({ v: 1, baseURL: testBaseURL, token: 'pat_layout_test_token' }),
    )
    render(
      <PixwelProvider options={{ baseURL: testBaseURL, persist: 'local' }}>
        <Status />
      </PixwelProvider>,
    )
    expect(screen.getByTestId('status').textContent).toMatch(/^restoring/)
    await waitFor(() =>
      expect(screen.getByTestId('status').textContent).toBe(`signed-in Ada ${testBaseURL}`),
    )
    localStorage.clear()
  })

  it('keeps its client across renders, and makes a new one when the options change', () => {
    const clients: unknown[] = []
    function Remember() {
      clients.push(usePixwelClient())
      return null
    }
    const view = render(
      <PixwelProvider options={{ baseURL: testBaseURL }}>
        <Remember />
      </PixwelProvider>,
    )
    view.rerender(
      <PixwelProvider options={{ baseURL: testBaseURL }}>
        <Remember />
      </PixwelProvider>,
    )
    view.rerender(
      <PixwelProvider options={{ baseURL: 'https://other.pixwel.test/api' }}>
        <Remember />
      </PixwelProvider>,
    )
    expect(new Set(clients).size).toBe(2)
    expect(clients[0]).toBe(clients[1])
  })

  it('refuses, at run time too, options that cannot come from a Server Component', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const replayed = captureWindowErrors()
    onTestFinished(() => replayed.stop())
    for (const options of [{ onUnauthorized: () => undefined }, { persist: localStorage }]) {
      expect(() =>
        render(
          <PixwelProvider options={options as never}>
            <Status />
          </PixwelProvider>,
        ),
      ).toThrow(/plain values/)
    }
    spy.mockRestore()
    // React 18 also replays each on window (React 19 does not): those errors, nothing else.
    for (const error of replayed.errors) expect(String(error)).toMatch(/plain values/)
  })

  it('takes a client or options, not both, and only serialisable options', () => {
    expectTypeOf<{ options: { environment: 'staging' } }>().toExtend<PixwelProviderProps>()
    // @ts-expect-error -- a function cannot cross from a Server Component
    expectTypeOf<{ options: { onUnauthorized: () => void } }>().toExtend<PixwelProviderProps>()
    // @ts-expect-error -- a storage object cannot either: name one
    expectTypeOf<{ options: { persist: Storage } }>().toExtend<PixwelProviderProps>()
  })
})

function useApp() {
  return { signIn: useCreateSession(), session: useSession() }
}

describe('PixwelProvider', () => {
  it('clears the session when a signed-in request gets a 401', async () => {
    const onUnauthorized = vi.fn()
    const { wrapper, client } = setupPixwel({ onUnauthorized })
    const { result } = renderHook(useApp, { wrapper })
    act(() => result.current.signIn.mutate({ username: 'ada@example.com', password }))
    await waitFor(() => expect(result.current.session.status).toBe('signed-in'))

    await expect(client.http.get('/expired')).rejects.toMatchObject({ kind: 'unauthorized' })

    await waitFor(() => expect(result.current.session.status).toBe('signed-out'))
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })
})

describe('the session parser warm-up is opt-in (issue 22)', () => {
  afterEach(() => {
    cleanup()
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('PixwelProvider schedules nothing and never warms the parser itself', () => {
    vi.useFakeTimers()
    const idle = vi.fn()
    vi.stubGlobal('requestIdleCallback', idle)
    vi.stubGlobal('cancelIdleCallback', vi.fn())
    vi.mocked(parser.warmSessionParser).mockClear()
    const client = createPixwelClient({ baseURL: 'http://127.0.0.1:9/api' })

    const view = render(<PixwelProvider client={client}>app</PixwelProvider>)
    vi.runAllTimers()
    view.unmount()
    vi.runAllTimers()
    expect(idle).not.toHaveBeenCalled()
    expect(parser.warmSessionParser).not.toHaveBeenCalled()
  })

  it('an app that calls warmSessionParser() in idle slices warms it to the end', () => {
    vi.mocked(parser.warmSessionParser).mockClear()
    let slices = 0
    while (!parser.warmSessionParser({ timeRemaining: () => (slices++ % 3 === 2 ? 0 : 50) })) {
      expect(slices).toBeLessThan(10_000)
    }
    expect(parser.warmSessionParser({ timeRemaining: () => 0 })).toBe(true)
  })

  it('which leaves no trace in what the parser returns', () => {
    const body = { _id: 'a', name: 'Ada', groups: [{ _id: 'g' }] }
    const before = parser.parseSession(body)
    parser.warmSessionParser()
    expect(parser.parseSession(body)).toEqual(before)
  })
})
