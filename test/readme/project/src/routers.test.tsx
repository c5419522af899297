/**
 * The README's router recipes (src/router.tsx, src/tanstackRouter.tsx), run in the README's
 * project with its MSW server: the guard waits for a restore, lets a signed-in user through,
 * and a sign-out leaves the protected route at once.
 */
import {
  createMemoryHistory,
  RouterProvider as TanStackRouterProvider,
} from '@tanstack/react-router'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import {
  createPixwelClient,
  PixwelProvider,
  type PixwelClient,
  type PixwelStorage,
} from 'pixwel-react'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { beforeAll, describe, expect, it } from 'vitest'
import { baseURL, server } from './mocks/server'
import { createPixwelHandlers } from 'pixwel-react/testing'
import { createRoutes, revalidateOnSessionChange } from './router'
import { createAppRouter } from './tanstackRouter'

const token = 'pat_readme_recipe_synthetic_0001'

// jsdom does not scroll (it says "Not implemented"); TanStack Router scrolls on navigation.
beforeAll(() => {
  window.scrollTo = () => undefined
})

/** A memory storage holding a token kept by an earlier sign-in: the next client restores it. */
async function keptToken(): Promise<PixwelStorage> {
  const values = new Map<string, string>()
  const storage: PixwelStorage = {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  }
  const earlier = createPixwelClient({ baseURL, persist: storage })
  await earlier.createSession({ token })
  earlier.dispose()
  expect(values.size).toBe(1)
  return storage
}

function useTokenAccount() {
  server.use(
    ...createPixwelHandlers({
      baseURL,
      accounts: [{ token, session: { name: 'Grace Hopper' } }],
    }),
  )
}

async function signInThroughTheForm() {
  await userEvent.type(screen.getByLabelText('Username'), 'ada@example.com')
  await userEvent.type(screen.getByLabelText('Password'), 'test-only')
  await userEvent.click(screen.getByRole('button', { name: 'Sign in' }))
}

const routers = {
  'React Router': (client: PixwelClient, at: string) => {
    const router = createMemoryRouter(createRoutes(client), { initialEntries: [at] })
    revalidateOnSessionChange(client, router)
    return {
      element: <RouterProvider router={router} />,
      location: () => `${router.state.location.pathname}${router.state.location.search}`,
    }
  },
  'TanStack Router': (client: PixwelClient, at: string) => {
    const router = createAppRouter(client, createMemoryHistory({ initialEntries: [at] }))
    return {
      element: <TanStackRouterProvider router={router} />,
      location: () => router.state.location.href,
    }
  },
}

describe.each(Object.entries(routers))('%s', (_, makeRouter) => {
  function renderAt(client: PixwelClient, at: string) {
    const router = makeRouter(client, at)
    render(<PixwelProvider client={client}>{router.element}</PixwelProvider>)
    return router
  }

  it('sends a signed-out user to /sign-in, then back to the page after signing in', async () => {
    const router = renderAt(createPixwelClient({ baseURL }), '/projects')
    await screen.findByRole('button', { name: 'Sign in' })
    expect(decodeURIComponent(router.location())).toBe('/sign-in?next=/projects')
    await signInThroughTheForm()
    expect((await screen.findByRole('heading')).textContent).toBe('Ada Lovelace’s projects')
    expect(router.location()).toBe('/projects')
  })

  it('leaves the protected route at once on a sign-out, from the page or from elsewhere', async () => {
    const client = createPixwelClient({ baseURL })
    await client.createSession({ username: 'ada@example.com', password: 'test-only' })
    const router = renderAt(client, '/projects')
    await screen.findByRole('heading', { name: 'Ada Lovelace’s projects' })
    await userEvent.click(screen.getByRole('button', { name: 'Sign out' }))
    await screen.findByRole('button', { name: 'Sign in' })
    expect(screen.queryByRole('heading')).toBeNull()
    expect(decodeURIComponent(router.location())).toBe('/sign-in?next=/projects')

    // A sign-out the page did not make (another tab, a 401) leaves it too.
    await signInThroughTheForm()
    await screen.findByRole('heading', { name: 'Ada Lovelace’s projects' })
    client.signOut()
    await waitFor(() => expect(screen.queryByRole('heading')).toBeNull())
    await screen.findByRole('button', { name: 'Sign in' })
  })

  it('waits for a kept token to be restored instead of bouncing to /sign-in', async () => {
    useTokenAccount()
    const client = createPixwelClient({ baseURL, persist: await keptToken() })
    expect(client.getSession().status).toBe('restoring')
    const router = renderAt(client, '/projects')
    expect((await screen.findByRole('heading')).textContent).toBe('Grace Hopper’s projects')
    expect(router.location()).toBe('/projects')
  })
})
