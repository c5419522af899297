// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { useCreateSession, usePreferences, useSession, useSignOut } from '../../src/index'
import { createPixwelHandlers } from '../../src/testing/index'
import { setupPixwel, testBaseURL } from '../support/pixwelWrapper'

const password = 'Sentinel-Password-51gn0ut'
const server = setupServer(
  ...createPixwelHandlers({
    baseURL: testBaseURL,
    accounts: [
      { username: 'ada@example.com', password, session: { _id: 'ada', name: 'Ada' } },
      { username: 'slow@example.com', password, scenario: 'slow' },
    ],
    delayMs: 100,
  }),
)

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function useApp() {
  return {
    signIn: useCreateSession(),
    signOut: useSignOut(),
    session: useSession(),
    preferences: usePreferences(),
  }
}

describe('useSignOut', () => {
  it('forgets the credentials and removes the user data from the cache', async () => {
    const { wrapper, client, queryClient } = setupPixwel()
    const { result } = renderHook(useApp, { wrapper })
    act(() => result.current.signIn.mutate({ username: 'ada@example.com', password }))
    await waitFor(() => expect(result.current.session.status).toBe('signed-in'))
    queryClient.setQueryData(['projects'], ['ada project'])
    expect(client.isSignedIn()).toBe(true)

    act(() => result.current.signOut())

    expect(client.isSignedIn()).toBe(false)
    await waitFor(() =>
      expect(result.current.session).toEqual({
        session: null,
        status: 'signed-out',
        reason: 'sign-out',
        crossTab: false,
      }),
    )
    expect(result.current.preferences).toBeNull()
    expect(queryClient.getQueryData(['projects'])).toBeUndefined()
  })

  it('during a sign-in in flight ends signed out and discards the late answer', async () => {
    const { wrapper, client } = setupPixwel()
    const { result } = renderHook(useApp, { wrapper })
    act(() => result.current.signIn.mutate({ username: 'slow@example.com', password }))
    await waitFor(() => expect(result.current.signIn.isPending).toBe(true))
    act(() => result.current.signOut())
    await waitFor(() => expect(result.current.signIn.isPending).toBe(false))
    expect(result.current.signIn.error?.kind).toBe('aborted')
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(result.current.session.status).toBe('signed-out')
    expect(client.isSignedIn()).toBe(false)
  })

  it('signs out the other tabs of the app', async () => {
    const tabA = setupPixwel()
    const tabB = setupPixwel()
    const a = renderHook(useApp, { wrapper: tabA.wrapper })
    const b = renderHook(useApp, { wrapper: tabB.wrapper })
    act(() => a.result.current.signIn.mutate({ username: 'ada@example.com', password }))
    act(() => b.result.current.signIn.mutate({ username: 'ada@example.com', password }))
    await waitFor(() => expect(a.result.current.session.status).toBe('signed-in'))
    await waitFor(() => expect(b.result.current.session.status).toBe('signed-in'))

    act(() => a.result.current.signOut())

    await waitFor(() => expect(b.result.current.session.status).toBe('signed-out'))
    expect(tabB.client.isSignedIn()).toBe(false)
  })
})
