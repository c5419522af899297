// @vitest-environment jsdom
/**
 * "Every transition reaches the other tabs": clients as tabs, sharing one storage and one
 * channel (the same API root), answered by an in-memory API that counts requests.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  type PixwelClient,
  type PixwelClientEvent,
  type PixwelStorage,
} from '../../src/index'
import { fakePixwel, user } from '../support/fakePixwel'
import { testBaseURL } from '../support/pixwelWrapper'

/**
 * The API root of this test: its own, so that its tabs' channel (named after the root) hears
 * no other test file running beside it.
 */
let root = testBaseURL
let key = `pixwel-react:token:${root}`
const clients: PixwelClient[] = []

beforeEach(() => {
  root = `https://t${Math.random().toString(36).slice(2)}.pixwel.test/api`
  key = `pixwel-react:token:${root}`
})

afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
})

function memory() {
  const items = new Map<string, string>()
  const storage: PixwelStorage = {
    getItem: (name) => items.get(name) ?? null,
    setItem: (name, value) => void items.set(name, value),
    removeItem: (name) => void items.delete(name),
  }
  return { storage, items }
}

/** Lets the channel's messages (real ones) arrive. */
async function delivered() {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 10))
}

/** Each token is its own user; roles change when `api.roles` does. */
function api() {
  const state = { roles: [] as string[] }
  const fake = fakePixwel((authorization) => ({
    status: 200,
    body: user(authorization.replace(/^Bearer pat_|_0123456789$/g, ''), {
      overrides: { roles: state.roles },
    }),
  }))
  return { ...fake, state }
}

function tab(storage: PixwelStorage, adapter: ReturnType<typeof fakePixwel>['adapter']) {
  const made = createPixwelClient({ baseURL: root, persist: storage, adapter })
  clients.push(made)
  return made
}

describe('every transition reaches the other tabs', () => {
  it('a token sign-in kept in one tab signs in the open tabs that are signed out, with no request', async () => {
    const { storage } = memory()
    const server = api()
    const here = tab(storage, server.adapter)
    const there = tab(storage, server.adapter)
    there.subscribe(() => undefined)
    await here.createSession({ token: 'pat_ada_0123456789' })
    await delivered()
    expect(there.getSession()).toMatchObject({ status: 'signed-in', session: { id: 'ada' } })
    expect(server.posts()).toHaveLength(1)
    // It took the token from the storage: its own requests carry it.
    await there.refreshSession()
    expect(server.posts().at(-1)?.authorization).toBe('Bearer pat_ada_0123456789')
  })

  it('a new account kept in another tab switches the tabs that follow the kept token, with a signed-in event', async () => {
    const { storage } = memory()
    const server = api()
    const first = tab(storage, server.adapter)
    await first.createSession({ token: 'pat_ada_0123456789' })
    // A tab restored from the kept token follows it.
    const follower = tab(storage, server.adapter)
    await follower.whenRestored()
    expect(follower.getSession().session?.id).toBe('ada')
    const seen: PixwelClientEvent[] = []
    follower.subscribe((event) => seen.push(event))
    await first.createSession({ token: 'pat_bo_0123456789' })
    await delivered()
    expect(follower.getSession()).toMatchObject({ status: 'signed-in', session: { id: 'bo' } })
    expect(seen.map((event) => event.type)).toEqual(['signed-in'])
  })

  it('a tab signed in with a password keeps its own session', async () => {
    const { storage } = memory()
    const server = fakePixwel((authorization) => ({
      status: 200,
      body: user(authorization.startsWith('Basic') ? 'cy' : 'ada'),
    }))
    const password = tab(storage, server.adapter)
    await password.createSession({ username: 'cy@example.com', password: 'secret words' })
    const other = tab(storage, server.adapter)
    await other.createSession({ token: 'pat_ada_0123456789' })
    await delivered()
    expect(password.getSession().session?.id).toBe('cy')
  })

  it('a refresh that changed the session updates the tabs that follow the same kept token, with no request', async () => {
    const { storage } = memory()
    const server = api()
    const here = tab(storage, server.adapter)
    await here.createSession({ token: 'pat_ada_0123456789' })
    const there = tab(storage, server.adapter)
    await there.whenRestored()
    const before = server.posts().length
    server.state.roles = ['admin']
    await here.refreshSession()
    await delivered()
    expect(there.getSession().session?.roles).toEqual(['admin'])
    expect(server.posts()).toHaveLength(before + 1)
  })

  it('a late sign-out message about an account no longer kept leaves a tab that follows the newer one', async () => {
    const { storage, items } = memory()
    const server = api()
    const old = tab(storage, server.adapter)
    await old.createSession({ token: 'pat_ada_0123456789' })
    const newer = tab(storage, server.adapter)
    await newer.createSession({ token: 'pat_bo_0123456789' })
    await delivered()
    old.signOut()
    await delivered()
    // `old` had followed bo by then (the newer keep): its sign-out is of bo, and reaches newer.
    expect(newer.getSession().status).toBe('signed-out')
    expect(items.has(key)).toBe(false)
  })

  it('the channel carries no credential, only keep ids and sessions', async () => {
    const heard: unknown[] = []
    const spy = new BroadcastChannel(`pixwel-react:${root}`)
    spy.onmessage = (event: MessageEvent) => heard.push(event.data)
    const { storage } = memory()
    const server = api()
    const here = tab(storage, server.adapter)
    await here.createSession({ token: 'pat_ada_0123456789' })
    server.state.roles = ['admin']
    await here.refreshSession()
    here.signOut()
    await delivered()
    spy.close()
    expect(heard.length).toBeGreaterThan(0)
    expect(JSON.stringify(heard)).not.toMatch(/pat_|Bearer|Basic|\$2[aby]\$/)
  })
})
