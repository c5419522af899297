/**
 * Attack on issue 19 through the client's public surface: joined requests, change detection,
 * re-entrant listeners, disposal, secrets.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  isPixwelError,
  type PixwelClient,
  type PixwelClientEvent,
} from '../../src/index'
import { findSecrets, everyRendering, sentinelToken } from '../adversarial/support/sentinels'
import {
  base,
  body,
  controlledAdapter,
  flush,
  heldStorage,
  key,
  memoryStorage,
  stored,
} from './support'

const clients: PixwelClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
})
const kind = (error: unknown) => (isPixwelError(error) ? error.kind : error)

describe('a cancelled sign-in stays cancelled', () => {
  it('fixed (was a defect): a refresh that joined a pending sign-in keeps it alive after its only caller aborted: the other account signs in', async () => {
    const { adapter, seen } = controlledAdapter((authorization) =>
      authorization === 'Bearer pat_ada' ? [200, body('ada')] : null,
    )
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    // The user starts signing in as bob, with a cancel button.
    const controller = new AbortController()
    const signIn = client
      .createSession({ token: 'pat_bob' }, { signal: controller.signal })
      .catch((e: unknown) => e)
    await flush()
    // A refresh (focus, interval, a Refresh button, a two-factor poll) joins the request
    // under way, whoever it is for.
    const refresh = client.refreshSession().catch((e: unknown) => e)
    controller.abort()
    expect(kind(await signIn)).toBe('aborted')
    seen.at(-1)!.reply(200, body('bob'))
    await refresh
    await flush()
    // The user cancelled bob's sign-in: ada should still be signed in, as when no refresh
    // joined ("when every caller aborted, the request is cancelled and nothing is signed in").
    expect(client.getSession().session?.id).toBe('ada')
  })

  it('held: without a joiner, aborting the only caller cancels the sign-in', async () => {
    const { adapter, seen } = controlledAdapter((authorization) =>
      authorization === 'Bearer pat_ada' ? [200, body('ada')] : null,
    )
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    const controller = new AbortController()
    const signIn = client
      .createSession({ token: 'pat_bob' }, { signal: controller.signal })
      .catch((e: unknown) => e)
    await flush()
    controller.abort()
    expect(kind(await signIn)).toBe('aborted')
    seen.at(-1)!.reply(200, body('bob'))
    await flush()
    expect(client.getSession().session?.id).toBe('ada')
  })
})

describe('held: change detection, listeners, disposal, secrets', () => {
  it('held: a refresh equal but for key order emits nothing and keeps the snapshot', async () => {
    let text = body('ada')
    const { adapter } = controlledAdapter(() => [200, text])
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    const before = client.getSession()
    const events: PixwelClientEvent[] = []
    client.subscribe((event) => events.push(event))
    const parsed = JSON.parse(text) as Record<string, unknown>
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reversed(v)]),
            )
          : value
    text = JSON.stringify(reversed(parsed))
    await client.refreshSession()
    expect(events).toEqual([])
    expect(client.getSession()).toBe(before)
  })

  it('held: dispose during an asynchronous read, a restore request, a sign-in: everything settles, nothing is sent after', async () => {
    const held = heldStorage({ [key]: stored('pat_ada') })
    const { adapter, seen } = controlledAdapter(() => null)
    const reading = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    const restored = reading.whenRestored()
    reading.dispose()
    expect(await restored).toMatchObject({ status: 'signed-out', reason: 'not-restored' })
    await held.drain()
    expect(seen).toHaveLength(0)

    const mem = memoryStorage({ [key]: stored('pat_ada') })
    const restoring = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    expect(seen).toHaveLength(1)
    const waiting = restoring.refreshSession().catch((e: unknown) => e)
    restoring.dispose()
    expect(kind(await waiting)).toBe('aborted')
    seen[0]!.reply(200, body('ada'))
    await flush()
    expect(restoring.isSignedIn()).toBe(false)
    expect(kind(await restoring.createSession({ token: 'pat_x' }).catch((e: unknown) => e))).toBe(
      'configuration',
    )
    expect(kind(await restoring.http.get('/projects').catch((e: unknown) => e))).toBe(
      'configuration',
    )
    expect(seen).toHaveLength(1)
    // The kept token stays for the next load: dispose is not a sign-out.
    expect(mem.token()).toBe('pat_ada')
  })

  it('held: a listener that signs in again inside the signed-out event of a 401 ends signed in, once', async () => {
    const { adapter, seen } = controlledAdapter((authorization) =>
      authorization?.startsWith('Bearer pat_') ? [200, body(authorization.slice(11))] : null,
    )
    const unauthorized = vi.fn()
    const client = createPixwelClient({ baseURL: base, adapter, onUnauthorized: unauthorized })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    let again: Promise<unknown> | undefined
    client.subscribe((event) => {
      if (event.type === 'signed-out') again = client.createSession({ token: 'pat_bob' })
    })
    const request = client.http.get('/projects').catch(() => undefined)
    await flush()
    seen.at(-1)!.reply(401)
    await request
    await again
    expect(client.getSession().session?.id).toBe('bob')
    expect(client.isSignedIn()).toBe(true)
    expect(unauthorized).toHaveBeenCalledTimes(1)
  })

  it('held: no secret in the snapshot, events or errors of a failed restore and a 401', async () => {
    const mem = memoryStorage({ [key]: stored(sentinelToken) })
    const { adapter, seen } = controlledAdapter(() => null)
    const client = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(client)
    const events: PixwelClientEvent[] = []
    client.subscribe((event) => events.push(event))
    seen[0]!.reply(401, JSON.stringify({ error: `bad token ${sentinelToken}` }))
    await client.whenRestored()
    await flush()
    expect(client.getSession()).toMatchObject({ reason: 'not-restored' })
    expect(findSecrets(everyRendering(client.getSession()))).toEqual([])
    expect(findSecrets(everyRendering(events))).toEqual([])
    expect(mem.token()).toBeNull()
  })

  it('fixed (was a defect): a polluted Object.prototype.error becomes the error of a sign-out snapshot and event', async () => {
    // Not 'signal': axios itself reads config.signal through the prototype (outside this code).
    const names = [
      'reason',
      'error',
      'expiresAt',
      'fields',
      'persist',
      'twoFactorLifetimeMs',
      'crossTab',
    ]
    for (const name of names)
      Object.defineProperty(Object.prototype, name, {
        value: 'polluted',
        configurable: true,
        writable: true,
      })
    try {
      const { adapter } = controlledAdapter(() => [200, body('ada')])
      const client = createPixwelClient({ baseURL: base, adapter })
      clients.push(client)
      expect((client.getSession() as { reason?: unknown }).reason).toBeUndefined()
      expect((client.getSession() as { error?: unknown }).error).toBeUndefined()
      const events: PixwelClientEvent[] = []
      client.subscribe((event) => events.push(event))
      await client.createSession({ token: 'pat_ada' })
      client.signOut()
      // signedOut() copies \`why.error\` into an own property, but \`why\` is an object literal
      // without \`error\` (a sign-out has none): the read goes to Object.prototype.
      expect(events.at(-1)).toMatchObject({ type: 'signed-out', reason: 'sign-out' })
      expect((events.at(-1) as { error?: unknown }).error).toBeUndefined()
      const state = client.getSession()
      expect(state).toMatchObject({ reason: 'sign-out' })
      expect((state as { error?: unknown }).error).toBeUndefined()
    } finally {
      for (const name of names) Reflect.deleteProperty(Object.prototype, name)
    }
  })
})
