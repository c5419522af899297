/**
 * Second attack on issue 19: callers that join a request under way without owning it (a
 * refresh, a two-factor poll) and a sign-in with a signal that joins a restore.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPixwelClient, isPixwelError, type PixwelClient } from '../../src/index'
import { base, body, controlledAdapter, flush, key, memoryStorage, stored } from '../attack/support'

const clients: PixwelClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
})
const kind = (error: unknown) => (isPixwelError(error) ? error.kind : error)

describe('a refresh that joins a sign-in of other credentials', () => {
  it("fixed (was a defect): a wrong password typed for another account makes the held account's refresh fail with invalid-credentials", async () => {
    const { adapter, seen } = controlledAdapter((authorization) =>
      authorization === 'Bearer pat_ada' ? [200, body('ada', { queue: seen.length })] : null,
    )
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    // Someone types bob's password (wrong) in the sign-in form; meanwhile ada presses
    // "Refresh" (useRefreshSession), or the focus/interval trigger fires.
    const signIn = client
      .createSession({ username: 'bob@example.com', password: 'Wrong-Pass-1' })
      .catch((e: unknown) => e)
    const refresh = client.refreshSession().catch((e: unknown) => e)
    await flush()
    seen.at(-1)!.reply(401)
    expect(kind(await signIn)).toBe('invalid-credentials')
    await flush()
    // ada is still signed in (held: the 401 was about bob's credentials)...
    expect(client.getSession().session?.id).toBe('ada')
    // ...but her refresh fails with bob's `invalid-credentials`: useRefreshSession shows
    // "wrong password" on ada's Refresh button. A refresh that joined another account's
    // sign-in should refresh the held credentials (or wait for the sign-in, then refresh).
    expect(kind(await refresh)).toMatchObject({ id: 'ada' })
  })

  it("fixed (was a minor defect): a refresh during another account's sign-in waits for it and resolves with what is held then", async () => {
    const { adapter, seen } = controlledAdapter((authorization) =>
      authorization === 'Bearer pat_ada' ? [200, body('ada')] : null,
    )
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    const signIn = client.createSession({ token: 'pat_bob' })
    const refresh = client.refreshSession()
    await flush()
    // The sign-in form is then cancelled by the app... no: it is answered, as bob.
    seen.at(-1)!.reply(200, body('bob'))
    await signIn
    // The lead's choice: a refresh during another account's sign-in waits for it; the
    // sign-in won, so the refresh resolves with the session held now (bob's, just fetched),
    // with no request of its own. Never ada's refresh answered by bob's request.
    expect((await refresh).id).toBe('bob')
    expect(seen).toHaveLength(2)
  })
})

describe('a sign-in with a signal that joins a restore', () => {
  it('held: the signal rejects that caller at once; the restore goes on for the page', async () => {
    const mem = memoryStorage({ [key]: stored('pat_ada') })
    const { adapter, seen } = controlledAdapter(() => null)
    const client = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(client)
    const controller = new AbortController()
    const joined = client
      .createSession({ token: 'pat_ada' }, { signal: controller.signal })
      .catch((e: unknown) => e)
    await flush()
    expect(seen).toHaveLength(1)
    controller.abort()
    expect(kind(await joined)).toBe('aborted')
    seen[0]!.reply(200, body('ada'))
    await flush()
    expect(client.getSession().session?.id).toBe('ada')
    expect(seen).toHaveLength(1)
    expect(mem.token()).toBe('pat_ada')
  })

  it('held: persist false on a sign-in that joined the restore forgets the kept token', async () => {
    const mem = memoryStorage({ [key]: stored('pat_ada') })
    const { adapter, seen } = controlledAdapter(() => null)
    const client = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(client)
    const joined = client.createSession({ token: 'pat_ada', persist: false })
    await flush()
    seen[0]!.reply(200, body('ada'))
    await joined
    await flush()
    expect(seen).toHaveLength(1)
    expect(mem.token()).toBeNull()
  })
})

describe('the two-factor poll joining a sign-in', () => {
  it('held: a poll that joined a cancelled sign-in keeps polling the challenge', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    let verified = false
    const { adapter, seen } = controlledAdapter((authorization) => {
      if (authorization?.startsWith('Basic ')) return [200, body('tom', { twoFactor: !verified })]
      return null
    })
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    await client.createSession({ username: 'tom@example.com', password: 'Synthetic-Pass-1' })
    const wait = client.waitForTwoFactor({ intervalMs: 1000 }).catch((e: unknown) => e)
    const controller = new AbortController()
    const other = client
      .createSession({ token: 'pat_ann' }, { signal: controller.signal })
      .catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(1000)
    // The poll (a refresh) joined ann's sign-in; the user cancels it.
    controller.abort()
    expect(kind(await other)).toBe('aborted')
    verified = true
    await vi.advanceTimersByTimeAsync(2000)
    const outcome = await wait
    expect(isPixwelError(outcome) ? outcome.kind : (outcome as { id: string }).id).toBe('tom')
    expect(seen.filter((s) => s.authorization === 'Bearer pat_ann')).toHaveLength(1)
  })
})
