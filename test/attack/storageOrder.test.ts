/**
 * Attack on issue 19, "Storage is owned and ordered": asynchronous storages whose operations
 * answer late and out of step with the network. Each `it` says whether the code held or
 * whether it is a defect (the test then fails on the code as committed).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createPixwelClient, type PixwelClient } from '../../src/index'
import {
  base,
  body,
  controlledAdapter,
  flush,
  heldStorage,
  memoryStorage,
  stored,
  key,
} from './support'

const clients: PixwelClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
})

/** Answers every POST /session at once: a `pat_<id>` token or `Basic` signs in as `<id>`. */
function instantApi() {
  return controlledAdapter((authorization) => {
    if (authorization?.startsWith('Bearer pat_')) return [200, body(authorization.slice(11))]
    if (authorization?.startsWith('Basic ')) return [200, body('pw')]
    return [401, '{}']
  })
}

describe('storage: a slow first read (decrypting storage) and a fast network', () => {
  it('fixed (was a defect): a token sign-in made while the kept token is still being read is forgotten by signOut()', async () => {
    // The storage holds an old token; its read answers only after the new sign-in was answered.
    const held = heldStorage({ [key]: stored('pat_old') })
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(client)
    expect(client.getSession().status).toBe('restoring')
    await client.createSession({ token: 'pat_new' })
    await flush()
    // The read of the old token answers now, then the write of the new one.
    await held.drain()
    expect(held.token()).toBe('pat_new')
    client.signOut()
    await held.drain()
    // The user signed out: a reload must not sign them in again. The read's answer made the
    // store believe it owned 'pat_old', so the compare-then-remove left 'pat_new' in place.
    expect(held.token()).toBeNull()
  })

  it('fixed (was a defect): a password sign-in made while the kept token is still being read leaves the earlier account to be restored', async () => {
    const held = heldStorage({ [key]: stored('pat_old') })
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(client)
    await client.createSession({ username: 'pw@example.com', password: 'Synthetic-Pass-1' })
    await flush()
    await held.drain()
    expect(client.getSession().session?.id).toBe('pw')
    // "After a sign-in, a reload never restores an earlier account": the password sign-in's
    // 'forget' ran while the store owned nothing yet (the read had not answered), so it did
    // nothing, and the old account's token is still there.
    expect(held.token()).toBeNull()
  })
  it('fixed (was a defect): signOut() while the kept token is still being read leaves it to be restored on the next load', async () => {
    const held = heldStorage({ [key]: stored('pat_old') })
    const { adapter, seen } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(client)
    expect(client.getSession().status).toBe('restoring')
    // The user signs out (or another tab's sign-out arrives) before the read answered: the
    // store owns nothing yet, so 'forget' does nothing; then the read makes it own 'pat_old'.
    client.signOut()
    await held.drain()
    expect(client.getSession()).toMatchObject({ status: 'signed-out', reason: 'sign-out' })
    expect(seen).toHaveLength(0)
    expect(held.token()).toBeNull()
  })
})

describe('storage: compare-then-remove must be one step of the queue', () => {
  it('fixed (was a defect): a sign-out followed at once by a token sign-in keeps the new token (compare-then-remove is one queued operation)', async () => {
    const held = heldStorage()
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(client)
    await client.createSession({ token: 'pat_first' })
    await flush()
    await held.drain()
    expect(held.token()).toBe('pat_first')
    // Sign out (the store reads the key to compare), then sign in again with a new token
    // before that read answered.
    client.signOut()
    await client.createSession({ token: 'pat_second' })
    await flush()
    await held.drain()
    expect(client.getSession().session?.id).toBe('second')
    // The new sign-in asked to be kept: a reload should restore it. The compare and its
    // removal run as one operation, before the write of 'second'.
    expect(held.log.slice(1)).toEqual(['set pat_first', 'get', 'remove', 'set pat_second'])
    expect(held.token()).toBe('pat_second')
  })
})

describe('storage: held', () => {
  it('held: a write still under way when signOut() comes is followed by the removal', async () => {
    const held = heldStorage()
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(client)
    await client.createSession({ token: 'pat_a' })
    await flush()
    client.signOut()
    await held.drain()
    expect(held.token()).toBeNull()
  })

  it('held: a failed write (quota) removes the earlier account', async () => {
    const mem = memoryStorage({ [key]: stored('pat_old') })
    const storage = {
      getItem: (k: string) => mem.storage.getItem(k),
      removeItem: (k: string) => mem.storage.removeItem(k),
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
    }
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: storage })
    clients.push(client)
    await client.whenRestored()
    await client.createSession({ token: 'pat_new' })
    await flush()
    expect(mem.token()).toBeNull()
  })

  it('held: an asynchronous failed write (rejects) removes the earlier account', async () => {
    const mem = memoryStorage({ [key]: stored('pat_old') })
    const storage = {
      getItem: async (k: string) => mem.storage.getItem(k),
      removeItem: async (k: string) => mem.storage.removeItem(k),
      setItem: () => Promise.reject(new Error('QuotaExceededError')),
    }
    const { adapter } = instantApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: storage })
    clients.push(client)
    await client.whenRestored()
    await client.createSession({ token: 'pat_new' })
    await flush()
    expect(mem.token()).toBeNull()
  })

  it('held: a 401 in one tab leaves the token another tab kept since (two clients, one storage)', async () => {
    const mem = memoryStorage({ [key]: stored('pat_a') })
    const { adapter, seen } = controlledAdapter((authorization) =>
      authorization === 'Bearer pat_a'
        ? [200, body('a')]
        : authorization === 'Bearer pat_b'
          ? [200, body('b')]
          : null,
    )
    const tab1 = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    const tab2 = createPixwelClient({ baseURL: base, adapter, persist: mem.storage })
    clients.push(tab1, tab2)
    await tab1.whenRestored()
    await tab2.whenRestored()
    await tab2.createSession({ token: 'pat_b' })
    expect(mem.token()).toBe('pat_b')
    // tab1 still holds pat_a; a request of its gets a 401.
    const request = tab1.http.get('/projects').catch(() => undefined)
    await flush()
    seen.at(-1)!.reply(401)
    await request
    expect(tab1.isSignedIn()).toBe(false)
    expect(mem.token()).toBe('pat_b')
  })

  it('held: a storage whose getItem throws, or whose methods are hostile getters, restores nothing and throws nothing', async () => {
    const { adapter } = instantApi()
    const storage = {
      getItem() {
        throw new Error('SecurityError')
      },
      setItem() {
        throw new Error('SecurityError')
      },
      removeItem() {
        throw new Error('SecurityError')
      },
    }
    const client = createPixwelClient({ baseURL: base, adapter, persist: storage })
    clients.push(client)
    expect(client.getSession().status).toBe('signed-out')
    await client.createSession({ token: 'pat_x' })
    client.signOut()
    expect(client.getSession().status).toBe('signed-out')
  })
})
