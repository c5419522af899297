/** Attacks on cross-tab sharing (session / kept messages) and the unreachable status. */
import { describe, expect, it, vi } from 'vitest'
import { isPixwelError } from '../../src/index'
import { buildSessionResponse } from '../../src/testing/index'
import { user } from '../support/fakePixwel'
import { ada, api, baseURL, bo, key, tabs } from './support'

const line = `pixwel-react:${baseURL}`

async function signedInTabs(n: number, clientOptions: object = {}) {
  const server = api()
  const kit = tabs({
    count: n,
    clientOptions: { baseURL, adapter: server.adapter, ...clientOptions },
  })
  for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
  await kit.tabs[0]?.client.createSession(ada)
  await vi.advanceTimersByTimeAsync(0)
  return { kit, server }
}

function keptId(kit: ReturnType<typeof tabs>): string {
  const parsed = JSON.parse(kit.storage.getItem(key) as string) as { kid?: unknown }
  if (typeof parsed.kid !== 'string') throw new Error('no kid kept')
  return parsed.kid
}

function forger(kit: ReturnType<typeof tabs>) {
  const channel = kit.tabs[0]?.page.channel(line)
  return (message: object) => channel?.post(message)
}

describe('forged session messages', () => {
  it('fixed (was a defect) sharing: a forged session with wrong types (roles a string, preferences null) is not adopted as the session', async () => {
    vi.useFakeTimers()
    const { kit } = await signedInTabs(2)
    const post = forger(kit)
    post({
      type: 'session',
      kid: keptId(kit),
      session: {
        id: 'ada',
        twoFactor: { required: false, enforced: false, verified: false },
        roles: 'admin',
        preferences: null,
      },
    })
    await vi.advanceTimersByTimeAsync(0)
    const session = kit.tabs[1]?.client.getSession().session
    expect(Array.isArray(session?.roles)).toBe(true)
    expect(session?.preferences).not.toBeNull()
  })

  it('guard sharing: a forged session with a password field, or another account’s id, is not adopted', async () => {
    vi.useFakeTimers()
    const { kit } = await signedInTabs(2)
    const post = forger(kit)
    const good = kit.tabs[1]?.client.getSession().session
    post({
      type: 'session',
      kid: keptId(kit),
      session: { ...good, roles: ['x'], password: '$2y$10$abc' },
    })
    post({ type: 'session', kid: keptId(kit), session: { ...good, id: 'mallory' } })
    await vi.advanceTimersByTimeAsync(0)
    expect(kit.tabs[1]?.client.getSession().session).toEqual(good)
  })

  it('guard (same-origin forgery: a same-origin page can do anything; this one lacks the version tag) sharing: a forged kept with another account’s session does not sign the tabs into that account with ada’s token', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({ count: 3, clientOptions: { baseURL, adapter: server.adapter } })
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    // Tab 0 keeps ada's token; then tab 1 signs out locally? No: tab 2 stays signed out by a
    // forged kept naming the keep that ada's token is under, but with mallory's session.
    await kit.tabs[0]?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0)
    const good = kit.tabs[1]?.client.getSession().session
    expect(good?.id).toBe('ada')
    const fresh = kit.open()
    fresh.client.subscribe(() => undefined)
    await vi.advanceTimersByTimeAsync(0)
    fresh.client.signOut() // signs every tab out, forgets the token
    await vi.advanceTimersByTimeAsync(0)
    // A page of the same origin keeps a token of its own under a new keep, then says "kept"
    // with a session that is not that token's account.
    void kit.storage.setItem(
      key,
      JSON.stringify({ v: 1, baseURL, token: ada.token, kid: 'forged-kid' }),
    )
    const post = forger(kit)
    post({
      type: 'kept',
      kid: 'forged-kid',
      session: { ...good, id: 'mallory', name: 'Mallory', roles: ['admin'] },
    })
    await vi.advanceTimersByTimeAsync(0)
    // The tabs took ada's token from the storage but show mallory: the session shown is not
    // the token's. (At least: it should have been parsed/validated, or confirmed by a request.)
    const shown = kit.tabs[1]?.client.getSession().session?.id
    expect(shown === undefined || shown === 'ada').toBe(true)
  })

  // Decided: the issue asks for the session to cross ("the session, never a credential"); the
  // channel is same-origin and in memory, as the tab's own copy is. The token never crosses.
  it('decided sharing: the session shared over the channel is the session (its email too), never the token', async () => {
    vi.useFakeTimers()
    const server = api(() => ({
      status: 200,
      body: buildSessionResponse({
        _id: 'ada',
        name: 'Ada',
        emailNormal: 'ada@studio.example',
        username: 'ada@studio.example',
        hasEnforced2fa: false,
      }),
    }))
    const kit = tabs({ count: 2, clientOptions: { baseURL, adapter: server.adapter } })
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    const heard: unknown[] = []
    kit.tabs[1]?.page.channel(line)?.listen((data) => heard.push(data))
    await kit.tabs[0]?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0)
    expect(heard.length).toBeGreaterThan(0)
    expect(JSON.stringify(heard)).toContain('studio.example')
    expect(JSON.stringify(heard)).not.toContain(ada.token)
  })

  it('guard sharing: no message on the channel ever holds the token, a password or an Authorization value', async () => {
    vi.useFakeTimers()
    const server = api((authorization) =>
      authorization.startsWith('Basic') ? { status: 200, body: user('cy') } : undefined,
    )
    const kit = tabs({
      count: 2,
      clientOptions: { baseURL, adapter: server.adapter, refreshOnFocus: true },
    })
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    const heard: unknown[] = []
    kit.tabs[1]?.page.channel(line)?.listen((data) => heard.push(data))
    await kit.tabs[0]?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(60_000)
    kit.tabs[0]?.focus()
    await vi.advanceTimersByTimeAsync(0)
    await kit.tabs[0]?.client.createSession({ username: 'cy', password: 'correct horse' })
    kit.tabs[0]?.client.signOut()
    await vi.advanceTimersByTimeAsync(0)
    const text = JSON.stringify(heard)
    expect(text).not.toContain('pat_ada')
    expect(text).not.toContain('correct horse')
    expect(text).not.toMatch(/Bearer|Basic /)
  })

  it('guard sharing: a kept token switching user → signed-in event in a following tab, the cache of ada gone', async () => {
    vi.useFakeTimers()
    const { kit } = await signedInTabs(2)
    const events: string[] = []
    kit.tabs[1]?.client.subscribe((event) =>
      events.push(`${event.type}:${event.snapshot.session?.id ?? '-'}`),
    )
    await kit.tabs[0]?.client.createSession(bo)
    await vi.advanceTimersByTimeAsync(0)
    expect(events).toEqual(['signed-in:bo'])
  })

  it('guard sharing: a password tab keeps its session when another tab keeps a token', async () => {
    vi.useFakeTimers()
    const server = api((authorization) =>
      authorization.startsWith('Basic') ? { status: 200, body: user('cy') } : undefined,
    )
    const kit = tabs({ count: 2, clientOptions: { baseURL, adapter: server.adapter } })
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    await kit.tabs[1]?.client.createSession({ username: 'cy', password: 'pw pw pw pw' })
    await kit.tabs[0]?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0)
    expect(kit.tabs[1]?.client.getSession().session?.id).toBe('cy')
  })
})

describe('unreachable', () => {
  async function unreachableTab(answer?: Parameters<typeof api>[0], clientOptions: object = {}) {
    const server = api(answer)
    const kit = tabs({
      count: 0,
      clientOptions: { baseURL, adapter: server.adapter, ...clientOptions },
    })
    const first = kit.open()
    await first.client.createSession(ada)
    first.close()
    kit.offline()
    const tab = kit.open()
    await vi.advanceTimersByTimeAsync(0)
    expect(tab.client.getSession().status).toBe('unreachable')
    return { kit, tab, server }
  }

  it('guard: retries with backoff (doubling), token kept, at once on online', async () => {
    vi.useFakeTimers()
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const { kit, tab } = await unreachableTab()
    await vi.advanceTimersByTimeAsync(1_000)
    expect(tab.requests()).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(tab.requests()).toHaveLength(3)
    await vi.advanceTimersByTimeAsync(4_000)
    expect(tab.requests()).toHaveLength(4)
    await vi.advanceTimersByTimeAsync(600_000)
    // At most a minute apart: ~10 in 10 minutes after the first few, never a storm.
    expect(tab.requests().length).toBeLessThan(20)
    expect(kit.storage.getItem(key)).not.toBeNull()
    kit.online()
    await vi.advanceTimersByTimeAsync(0)
    expect(tab.client.getSession().status).toBe('signed-in')
  })

  it('guard: a 401 on retry signs out and forgets the token; a 5xx stays unreachable', async () => {
    vi.useFakeTimers()
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    let mode: 'ok' | '500' | '401' = 'ok'
    const { kit, tab } = await unreachableTab(() =>
      mode === '500' ? { status: 503 } : mode === '401' ? { status: 401 } : undefined,
    )
    mode = '500'
    kit.online()
    await vi.advanceTimersByTimeAsync(0)
    expect(tab.client.getSession().status).toBe('unreachable')
    mode = '401'
    await vi.advanceTimersByTimeAsync(5_000)
    expect(tab.client.getSession()).toMatchObject({ status: 'signed-out' })
    expect(kit.storage.getItem(key)).toBeNull()
  })

  it('fixed (was a defect) unreachable: a 429 (rate-limited) on restore is not a sign-out: the user is not shown the sign-in form', async () => {
    vi.useFakeTimers()
    const server = api((_, index) =>
      index === 1 ? { status: 429, headers: { 'retry-after': '30' } } : undefined,
    )
    const kit = tabs({ count: 0, clientOptions: { baseURL, adapter: server.adapter } })
    const first = kit.open()
    await first.client.createSession(ada)
    first.close()
    const tab = kit.open()
    await vi.advanceTimersByTimeAsync(0)
    // "Only an answer from Pixwel that the credentials are no good (a 401) signs a user out."
    expect(tab.client.getSession().status).not.toBe('signed-out')
  })

  it('guard: refreshSession() during unreachable tries again now (one request) and reports its outcome', async () => {
    vi.useFakeTimers()
    const { tab } = await unreachableTab()
    const before = tab.requests().length
    const outcome = await tab.client.refreshSession().catch((error: unknown) => error)
    expect(tab.requests().length - before).toBe(1)
    expect(isPixwelError(outcome) && outcome.kind).toBe('network')
    expect(tab.client.getSession().status).toBe('unreachable')
  })

  it('guard: dispose during retry leaves no timers', async () => {
    vi.useFakeTimers()
    const { tab } = await unreachableTab()
    await vi.advanceTimersByTimeAsync(1_500)
    tab.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('guard: a sign-out in another tab (same keep) ends an unreachable tab', async () => {
    vi.useFakeTimers()
    const { kit, tab } = await unreachableTab()
    const other = kit.open()
    other.client.subscribe(() => undefined)
    await vi.advanceTimersByTimeAsync(0)
    other.client.signOut()
    await vi.advanceTimersByTimeAsync(0)
    expect(tab.client.getSession().status).toBe('signed-out')
    const before = tab.requests().length
    await vi.advanceTimersByTimeAsync(120_000)
    expect(tab.requests().length).toBe(before)
  })
})

describe('password tab sign-out', () => {
  // Decided: a sign-out in any tab signs every tab of the app out (studios share machines: the
  // person leaving means all of it); each tab forgets only what it kept itself.
  it('decided sharing: a password tab signing out signs out a tab on a kept token too', async () => {
    vi.useFakeTimers()
    const server = api((authorization) =>
      authorization.startsWith('Basic') ? { status: 200, body: user('cy') } : undefined,
    )
    const kit = tabs({ count: 2, clientOptions: { baseURL, adapter: server.adapter } })
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    await kit.tabs[0]?.client.createSession({ username: 'cy', password: 'pw pw pw pw' })
    await kit.tabs[1]?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0)
    kit.tabs[0]?.client.signOut()
    await vi.advanceTimersByTimeAsync(0)
    expect(kit.tabs[1]?.client.getSession()).toMatchObject({
      status: 'signed-out',
      reason: 'sign-out',
      crossTab: true,
    })
    expect(kit.storage.getItem(key)).toBeNull()
  })
})
