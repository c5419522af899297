/**
 * The README's "Keep me signed in" (src/KeepMeSignedIn.tsx): a token sign-in with the box
 * ticked is restored by the next page load; without it, or with a password, nothing is kept.
 */
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createPixwelClient, PixwelProvider, useSession } from 'pixwel-react'
import { createPixwelHandlers } from 'pixwel-react/testing'
import { afterEach, expect, it } from 'vitest'
import { TokenSignIn } from './KeepMeSignedIn'
import { baseURL, server } from './mocks/server'

const token = 'pat_readme_keep_synthetic_0001'

afterEach(() => localStorage.clear())

function Status() {
  const { status } = useSession()
  return <p role="status">{status}</p>
}

async function signInWithToken(keep: boolean) {
  server.use(
    ...createPixwelHandlers({ baseURL, accounts: [{ token, session: { name: 'Grace' } }] }),
  )
  const client = createPixwelClient({ baseURL, persist: 'local' })
  render(
    <PixwelProvider client={client}>
      <TokenSignIn />
      <Status />
    </PixwelProvider>,
  )
  await userEvent.type(screen.getByLabelText('Personal access token'), token)
  if (keep) await userEvent.click(screen.getByLabelText('Keep me signed in on this device'))
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
  await screen.findByText('signed-in')
  client.dispose()
}

it('keeps a token when asked: the next load restores it', async () => {
  await signInWithToken(true)
  const reloaded = createPixwelClient({ baseURL, persist: 'local' })
  expect(reloaded.getSession().status).toBe('restoring')
  expect((await reloaded.whenRestored()).status).toBe('signed-in')
  expect(reloaded.getSession().session?.name).toBe('Grace')
})

it('keeps nothing when the box is not ticked', async () => {
  await signInWithToken(false)
  expect(localStorage.length).toBe(0)
  expect(createPixwelClient({ baseURL, persist: 'local' }).getSession().status).toBe('signed-out')
})

it('keeps nothing after a password sign-in, even with persist', async () => {
  const client = createPixwelClient({ baseURL, persist: 'local' })
  await client.createSession({ username: 'ada@example.com', password: 'test-only' })
  expect(localStorage.length).toBe(0)
  expect(createPixwelClient({ baseURL, persist: 'local' }).getSession().status).toBe('signed-out')
})
