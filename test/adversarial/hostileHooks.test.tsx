// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useCreateSession } from '../../src/index'
import { createPixwelHandlers } from '../../src/testing/index'
import { setupPixwel, testBaseURL } from '../support/pixwelWrapper'
import { everyRendering, findSecrets, sentinelPassword } from './support/sentinels'

const server = setupServer(
  ...createPixwelHandlers({
    baseURL: testBaseURL,
    accounts: [{ username: 'ada@example.com', password: sentinelPassword }],
  }),
)
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' })
})
afterAll(() => {
  server.close()
})

const hostileOptions = new Proxy(
  {},
  {
    ownKeys() {
      throw new Error(sentinelPassword)
    },
    get() {
      throw new Error(sentinelPassword)
    },
  },
)

describe('useCreateSession with input a JavaScript caller should not pass', () => {
  it.each([
    ['a bare password string', sentinelPassword, undefined],
    ['null', null, undefined],
    ['a number', 7, undefined],
    ['valid credentials and hostile options', { username: 'x', password: 'y' }, hostileOptions],
  ])(
    'mutate(%s) fails as a PixwelError and leaves the hook usable',
    async (_, credentials, options) => {
      const { client, wrapper } = setupPixwel()
      const { result } = renderHook(() => useCreateSession(), { wrapper })
      const rejection = await act(() =>
        result.current.mutateAsync(credentials as never, options as never).then(
          () => null,
          (error: unknown) => error,
        ),
      )
      expect((rejection as { kind?: string } | null)?.kind).toMatch(
        /^(invalid-credentials|configuration)$/,
      )
      expect(findSecrets(everyRendering(rejection))).toEqual([])
      // Usable afterwards: a real sign-in succeeds…
      await act(() =>
        result.current.mutateAsync({ username: 'ada@example.com', password: sentinelPassword }),
      )
      expect(client.isSignedIn()).toBe(true)
      // …and no sign-in is counted in flight: a sign-out resets the hook's data.
      act(() => {
        client.signOut()
      })
      await waitFor(() => {
        expect(result.current.data).toBeUndefined()
      })
    },
  )
})
