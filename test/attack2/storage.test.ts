/**
 * Second attack on issue 19, "Storage is owned and ordered": storages that fail only
 * sometimes, reads that answer after the restore's deadline, two clients on one storage.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPixwelClient, type PixwelClient, type PixwelStorage } from '../../src/index'
import {
  base,
  body,
  controlledAdapter,
  flush,
  heldStorage,
  key,
  memoryStorage,
  stored,
} from '../attack/support'

const clients: PixwelClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
})

function instantApi() {
  return controlledAdapter((authorization) =>
    authorization?.startsWith('Bearer pat_') ? [200, body(authorization.slice(11))] : [401, '{}'],
  )
}

/** A memory storage whose getItem throws (a locked keychain, a busy IndexedDB) when `flaky.get` is set. */
function flakyStorage(initial: Record<string, string> = {}) {
  const mem = memoryStorage(initial)
  const flaky = { get: false, rejectGet: false }
  const storage: PixwelStorage = {
    getItem: (k) => {
      if (flaky.get) throw new Error('storage busy')
      if (flaky.rejectGet) return Promise.reject(new Error('storage busy'))
      return mem.storage.getItem(k)
    },
    setItem: (k, v) => mem.storage.setItem(k, v),
    removeItem: (k) => mem.storage.removeItem(k),
  }
  return { ...mem, storage, flaky }
}

describe('sign-out with a storage that fails only sometimes', () => {
  it('fixed (was a defect): signOut() while getItem throws leaves the token kept: the next load signs the user in again', async () => {
    const flaky = flakyStorage()
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: flaky.storage })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    await flush()
    expect(flaky.token()).toBe('pat_ada')
    // The compare of compare-then-remove fails: the removal never happens.
    flaky.flaky.get = true
    client.signOut()
    await flush()
    flaky.flaky.get = false
    expect(client.getSession().status).toBe('signed-out')
    // Signed out: a reload must not restore ada. When the compare cannot be made, removing
    // is the safe side (the worst case signs another tab out; keeping signs a user back in).
    expect(flaky.token()).toBeNull()
  })

  it('fixed (was a defect): the same with an asynchronous storage whose getItem rejects once', async () => {
    const flaky = flakyStorage()
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: flaky.storage })
    clients.push(client)
    await client.createSession({ token: 'pat_ada' })
    await flush()
    flaky.flaky.rejectGet = true
    client.signOut()
    await flush()
    flaky.flaky.rejectGet = false
    expect(flaky.token()).toBeNull()
  })

  it('held: a setItem that resolves, then a getItem that answers garbage: nothing restored, nothing thrown', async () => {
    const held = heldStorage()
    const { adapter } = instantApi()
    const first = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(first)
    await first.createSession({ token: 'pat_ada' })
    await held.drain()
    expect(held.token()).toBe('pat_ada')
    held.items.set(key, '{"v":1,"baseURL":' + '"x'.repeat(3) + '}}}')
    const second = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(second)
    await held.drain()
    const settled = await second.whenRestored()
    expect(settled).toMatchObject({ status: 'signed-out', reason: 'not-restored' })
  })
})

describe('the storage read deadline (timeoutMs)', () => {
  it('held: a read that answers after the deadline changes nothing; a later password sign-in still forgets it', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const held = heldStorage({ [key]: stored('pat_old') })
    const { adapter, seen } = controlledAdapter((authorization) =>
      authorization?.startsWith('Basic ') ? [200, body('pw')] : [200, body('old')],
    )
    const client = createPixwelClient({
      baseURL: base,
      adapter,
      persist: held.storage,
      timeoutMs: 1000,
    })
    clients.push(client)
    await vi.advanceTimersByTimeAsync(1000)
    expect(client.getSession()).toMatchObject({ status: 'signed-out', reason: 'not-restored' })
    expect(client.getSession()).toHaveProperty('error.kind', 'timeout')
    held.release()
    await vi.advanceTimersByTimeAsync(0)
    expect(seen).toHaveLength(0)
    expect(client.getSession().status).toBe('signed-out')
    await client.createSession({ username: 'pw@example.com', password: 'Synthetic-Pass-1' })
    vi.useRealTimers()
    await held.drain()
    expect(held.token()).toBeNull()
  })

  it('fixed (was a minor defect): the storage deadline timer outlives dispose() (a live timer per disposed client)', () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const held = heldStorage({ [key]: stored('pat_old') })
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    expect(vi.getTimerCount()).toBe(1)
    client.dispose()
    // Everything the client opened is closed on dispose: the issue counts live timers.
    expect(vi.getTimerCount()).toBe(0)
  })

  it('fixed (was a minor defect): the storage deadline timer outlives a sign-in that superseded the read', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const held = heldStorage({ [key]: stored('pat_old') })
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(client)
    await client.createSession({ token: 'pat_new' })
    expect(client.getSession().session?.id).toBe('new')
    expect(vi.getTimerCount()).toBe(0)
  })
})

describe('two clients sharing one asynchronous storage object', () => {
  it('held: writes, reads and compare-then-removes of two clients run in one order', async () => {
    const held = heldStorage()
    const { adapter } = instantApi()
    const a = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(a)
    await a.createSession({ token: 'pat_a' })
    // b is created while a's write is pending: its read comes after a's write, a's
    // compare-then-remove after b's read, b's write after that.
    const b = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(b)
    // a signs out, b signs in as c, all before the storage answers anything.
    a.signOut()
    await held.drain()
    await b.whenRestored()
    await b.createSession({ token: 'pat_c' })
    a.signOut()
    await held.drain()
    expect(held.log).toEqual(['get', 'set pat_a', 'get', 'get', 'remove', 'set pat_c'])
    expect(held.token()).toBe('pat_c')
  })
})
