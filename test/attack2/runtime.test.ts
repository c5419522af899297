/**
 * Second attack on issue 19: re-entrant dispatch from listeners. An effect that emits runs
 * listeners synchronously; whatever effects of the same transition come after the emit still
 * run, even when a listener already moved the machine on.
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
/** Settles within `ms` or says 'pending'. */
const within = <T>(promise: Promise<T>, ms = 200) =>
  Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error: kind(error) }),
    ),
    new Promise((resolve) => setTimeout(() => resolve('pending'), ms)),
  ])

describe('a sign-in made while a kept session is restoring, with a re-entrant signed-out listener', () => {
  it('fixed (was a defect): a listener that signs out on the `not-restored` event: createSession() settles aborted', async () => {
    const mem = memoryStorage({ [key]: stored('pat_old') })
    // The restore is held (slow network); every sign-in is answered at once.
    const { adapter, seen } = controlledAdapter((authorization) =>
      authorization === 'Bearer pat_new' ? [200, body('new')] : null,
    )
    const client = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(client)
    expect(client.getSession().status).toBe('restoring')
    // An app's "whatever ends the session, end it everywhere" listener.
    client.subscribe((event) => {
      if (event.type === 'signed-out') client.signOut()
    })
    const signIn = within(client.createSession({ token: 'pat_new' }))
    const outcome = await signIn
    await flush()
    // The sign-in's request goes out before the listener hears of the restore it superseded
    // (the lead chose that order: the listener then meets the state the sign-in made); the
    // sign-out cancels it, the caller hears `aborted`, and the client ends signed out.
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer pat_old', 'Bearer pat_new'])
    expect(outcome).toEqual({ error: 'aborted' })
    expect(client.getSession()).toMatchObject({ status: 'signed-out', reason: 'sign-out' })
  })

  it('fixed (was a defect): a listener that disposes of the client on the `not-restored` event: createSession() settles', async () => {
    const mem = memoryStorage({ [key]: stored('pat_old') })
    const { adapter } = controlledAdapter((authorization) =>
      authorization === 'Bearer pat_new' ? [200, body('new')] : null,
    )
    const client = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(client)
    client.subscribe((event) => {
      if (event.type === 'signed-out') client.dispose()
    })
    const outcome = await within(client.createSession({ token: 'pat_new' }))
    // Settled, one way or the other (aborted or configuration): never a promise that hangs.
    expect(outcome).not.toBe('pending')
  })

  it('fixed (was a defect): a listener that signs in with other credentials on the `not-restored` event: the first sign-in settles aborted', async () => {
    const mem = memoryStorage({ [key]: stored('pat_old') })
    const { adapter } = controlledAdapter((authorization) =>
      authorization?.startsWith('Bearer pat_') && authorization !== 'Bearer pat_old'
        ? [200, body(authorization.slice(11))]
        : null,
    )
    const client = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(client)
    let once = true
    // A kiosk's fallback account, signed in whenever the page has none.
    client.subscribe((event) => {
      if (event.type === 'signed-out' && once) {
        once = false
        void client.createSession({ token: 'pat_kiosk' }).catch(() => undefined)
      }
    })
    const outcome = await within(client.createSession({ token: 'pat_user' }))
    await flush()
    // The user's sign-in was replaced by the kiosk's: its request (already sent) is cancelled,
    // its caller hears `aborted`, and the kiosk's account is the one signed in.
    expect(outcome).toEqual({ error: 'aborted' })
    expect(client.getSession().session?.id).toBe('kiosk')
  })
})

describe('held: re-entrant listeners elsewhere', () => {
  it('held: signOut inside an `updated` listener ends signed out; the refresh caller hears aborted', async () => {
    let queue = 0
    const { adapter } = controlledAdapter(() => [200, body('ada', { queue: queue++ })])
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    client.subscribe((event) => {
      if (event.type === 'updated') client.signOut()
    })
    const refreshed = await within(client.refreshSession())
    expect(refreshed).toEqual({ error: 'aborted' })
    expect(client.getSession()).toMatchObject({ status: 'signed-out', reason: 'sign-out' })
  })

  it('held: a sign-in inside a signed-out listener after a sign-out ends signed in as the new account, token kept', async () => {
    const mem = memoryStorage()
    const { adapter } = controlledAdapter((authorization) =>
      authorization?.startsWith('Bearer pat_') ? [200, body(authorization.slice(11))] : null,
    )
    const client = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(client)
    await client.createSession({ token: 'pat_a' })
    let next: Promise<unknown> | undefined
    client.subscribe((event) => {
      if (event.type === 'signed-out' && !next) next = client.createSession({ token: 'pat_b' })
    })
    client.signOut()
    // A sign-in sealed during the sign-out's own event is after it.
    await within(next!)
    await flush()
    expect(client.getSession().session?.id).toBe('b')
    expect(mem.token()).toBe('pat_b')
  })

  it('held: onUnauthorized that throws, then signs in again from it', async () => {
    let rejectAda = false
    const { adapter } = controlledAdapter((authorization) => {
      if (authorization === 'Bearer pat_ada') return rejectAda ? [401, '{}'] : [200, body('ada')]
      if (authorization === 'Bearer pat_bob') return [200, body('bob')]
      return null
    })
    const errors: unknown[] = []
    const spy = vi.spyOn(console, 'error').mockImplementation((e) => void errors.push(e))
    let again: Promise<unknown> | undefined
    const client: PixwelClient = createPixwelClient({
      baseURL: base,
      adapter,
      onUnauthorized: () => {
        again = client.createSession({ token: 'pat_bob' })
        throw new Error('app bug')
      },
    })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    rejectAda = true
    expect(await within(client.refreshSession())).toEqual({ error: 'unauthorized' })
    await within(again!)
    spy.mockRestore()
    expect(client.getSession().session?.id).toBe('bob')
  })

  it('held: a contract-drift listener that signs out during the sign-in: the sign-in ends signed out', async () => {
    const drifted = JSON.parse(body('ada')) as Record<string, unknown>
    drifted.surprise = 1
    const { adapter } = controlledAdapter(() => [200, JSON.stringify(drifted)])
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    let drift = 0
    client.subscribe((event) => {
      if (event.type === 'contract-drift') {
        drift++
        client.signOut()
      }
    })
    const outcome = await within(client.createSession({ token: 'pat_ada' }))
    await flush()
    // Whatever the drift report covers, the client never holds a session after a sign-out
    // that came later than the request.
    expect(drift).toBe(1)
    expect(client.getSession().status).toBe('signed-out')
    expect(outcome).toEqual({ error: 'aborted' })
  })
})
