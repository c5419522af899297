import { describe, expect, it } from 'vitest'
import { ada, bob, flush, manualClient, record, sessionBody } from './helpers'

const kind = (p: Promise<unknown>) => p.then(() => 'ok', (e: { kind?: string }) => e.kind)

describe('core races', () => {
  it('signOut from a signed-out listener silences later listeners (unauthorized)', async () => {
    const { client, pending } = manualClient()
    const p = client.createSession(ada)
    await flush()
    pending[0]!.respond(200, sessionBody('ada'))
    await p
    // app listener first: on 401, broadcast the sign-out to the other tabs
    client.subscribe((e) => {
      if (e.type === 'signed-out' && e.reason === 'unauthorized') client.signOut()
    })
    const later = record(client) // e.g. the provider's mirror / useSyncExternalStore
    const req = client.http.get('/projects').catch(() => {})
    await flush()
    pending[1]!.respond(401)
    await req
    console.log('later listener got', later, 'snapshot', client.getSession().status)
    expect(later).toEqual(['out:unauthorized:false'])
  })

  it('signOut from a signed-out listener silences later listeners (plain sign-out)', async () => {
    const { client, pending } = manualClient()
    const p = client.createSession(ada)
    await flush()
    pending[0]!.respond(200, sessionBody('ada'))
    await p
    client.subscribe((e) => {
      if (e.type === 'signed-out') client.signOut()
    })
    const later = record(client)
    client.signOut()
    expect(later).toEqual(['out:sign-out:false'])
  })

  it('A, B, signOut same tick', async () => {
    const { client, pending } = manualClient()
    const ev = record(client)
    const a = kind(client.createSession(ada))
    const b = kind(client.createSession(bob))
    client.signOut()
    await flush()
    for (const r of pending) r.respond(200, sessionBody(r.auth!.includes('Ym9i') ? 'bob' : 'ada'))
    expect([await a, await b]).toEqual(['aborted', 'aborted'])
    expect(client.getSession().status).toBe('signed-out')
    console.log('A,B,out events', ev, 'requests', pending.length)
  })

  it('signOut, then A and B same tick -> B wins', async () => {
    const { client, pending } = manualClient()
    client.signOut()
    const a = kind(client.createSession(ada))
    const b = kind(client.createSession(bob))
    await flush()
    console.log('reqs', pending.length, pending.map((p) => p.config.signal?.aborted))
    for (const r of pending) r.respond(200, sessionBody(r.auth === `Basic ${btoa(`${bob.username}:${bob.password}`)}` ? 'bob' : 'ada'))
    expect([await a, await b]).toEqual(['aborted', 'ok'])
    expect(client.getSession().session?.id).toBe('bob')
  })

  it('responses in reverse order: A response after B resolved', async () => {
    const { client, pending } = manualClient()
    const a = kind(client.createSession(ada))
    await flush()
    const b = client.createSession(bob)
    await flush()
    pending[1]!.respond(200, sessionBody('bob'))
    pending[0]!.respond(200, sessionBody('ada'))
    expect(await a).toBe('aborted')
    expect((await b).id).toBe('bob')
    expect(client.getSession().session?.id).toBe('bob')
  })

  it('joiners: own signal aborts only own wait; all-signal joiners abort request', async () => {
    const { client, pending } = manualClient()
    const c1 = new AbortController()
    const c2 = new AbortController()
    const a1 = kind(client.createSession(ada, { signal: c1.signal }))
    const a2 = kind(client.createSession({ ...ada }, { signal: c2.signal }))
    await flush()
    expect(pending.length).toBe(1)
    c1.abort()
    expect(await a1).toBe('aborted')
    expect(pending[0]!.config.signal?.aborted).toBe(false)
    c2.abort()
    expect(await a2).toBe('aborted')
    expect(pending[0]!.config.signal?.aborted).toBe(true)
  })

  it('fields order: same set, different order -> join or abort?', async () => {
    const { client, pending } = manualClient()
    const a1 = kind(client.createSession(ada, { fields: ['name', 'territory'] }))
    const a2 = kind(client.createSession(ada, { fields: ['territory', 'name'] }))
    await flush()
    console.log('requests for same field set in other order:', pending.length)
    for (const r of pending) r.respond(200, sessionBody('ada'))
    console.log('results', await a1, await a2)
  })

  it('signOut inside signed-in listener -> caller aborted, nothing attached', async () => {
    const { client, pending } = manualClient()
    client.subscribe((e) => {
      if (e.type === 'signed-in') client.signOut()
    })
    const ev = record(client)
    const a = kind(client.createSession(ada))
    await flush()
    pending[0]!.respond(200, sessionBody('ada'))
    expect(await a).toBe('aborted')
    expect(client.isSignedIn()).toBe(false)
    console.log('events seen by later listener', ev)
  })

  it('sign-in B from signed-in listener of A', async () => {
    const { client, pending } = manualClient()
    let b: Promise<string> | undefined
    client.subscribe((e) => {
      if (e.type === 'signed-in' && e.snapshot.session.id === 'ada') b = kind(client.createSession(bob))
    })
    const a = kind(client.createSession(ada))
    await flush()
    pending[0]!.respond(200, sessionBody('ada'))
    console.log('A result', await a)
    await flush()
    pending[1]!.respond(200, sessionBody('bob'))
    console.log('B result', await b, client.getSession().session?.id)
  })

  it('401 for old creds while sign-in B in flight: B still wins, no broadcast', async () => {
    const { client, pending } = manualClient()
    const p = client.createSession(ada)
    await flush()
    pending[0]!.respond(200, sessionBody('ada'))
    await p
    const ev = record(client)
    const req = client.http.get('/projects').catch((e) => e.kind)
    const b = kind(client.createSession(bob))
    await flush()
    pending[1]!.respond(401)
    console.log('req', await req)
    pending[2]!.respond(200, sessionBody('bob'))
    console.log('B', await b, ev, client.getSession().session?.id)
    expect(client.getSession().session?.id).toBe('bob')
  })

  it('stale 401 for A after signing in again as A (same creds)', async () => {
    const { client, pending } = manualClient()
    let p = client.createSession(ada)
    await flush()
    pending[0]!.respond(200, sessionBody('ada'))
    await p
    const req = client.http.get('/projects').catch((e) => e.kind)
    await flush()
    client.signOut()
    p = client.createSession(ada)
    await flush()
    pending[2]!.respond(200, sessionBody('ada'))
    await p
    pending[1]!.respond(401) // answer to a request sent before the sign-out
    await req
    console.log('after stale 401, signed in?', client.isSignedIn())
  })

  it('sealed time check: mutate-style sealed creds then signOut while already signed out', async () => {
    const { sealCredentials } = await import('../../src/index')
    const { client } = manualClient()
    const sealed = sealCredentials(ada)
    client.signOut()
    console.log('sealed before no-op signOut', await kind(client.createSession(sealed)))
  })

  it('dispose then use', async () => {
    const { client, pending } = manualClient()
    const a = kind(client.createSession(ada))
    client.dispose()
    console.log('after dispose', await a)
    const b = kind(client.createSession(bob))
    await flush()
    pending.at(-1)?.respond(200, sessionBody('bob'))
    console.log('sign-in after dispose', await b, client.getSession().status)
  })

  it('JS callers: odd values', async () => {
    const { client } = manualClient()
    const cases: unknown[][] = [
      [null], [undefined], ['user:pw'], [{ username: 'a', password: 1 }], [{ token: '' }],
      [ada, null], [ada, 'x'], [ada, { fields: 'name' }], [ada, { signal: {} }], [ada, { fields: [1] }],
      [ada, { fields: new Array(1e6) }],
    ]
    for (const args of cases) {
      let sync = 'no-throw'
      let r: string | undefined
      try {
        r = await kind((client.createSession as (...a: unknown[]) => Promise<unknown>)(...args))
      } catch (e) {
        sync = `sync:${(e as { kind?: string }).kind}`
      }
      console.log(JSON.stringify(args).slice(0, 60), sync, r)
    }
    for (const v of [null, 1, 'x', {}]) {
      try {
        client.subscribe(v as never)
        console.log('subscribe accepted', v)
      } catch (e) {
        console.log('subscribe', v, (e as { kind?: string }).kind)
      }
    }
  })
})
