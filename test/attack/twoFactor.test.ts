/**
 * Attack on issue 19, "One two-factor challenge, however many waits": fake timers, a wall
 * clock that jumps (a sleeping laptop), other accounts answering polls, hostile signals.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPixwelClient, isPixwelError, type PixwelClient } from '../../src/index'
import { base, body, controlledAdapter, heldStorage, key, stored } from './support'

const clients: PixwelClient[] = []
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose()
  vi.useRealTimers()
})

const tick = () => vi.advanceTimersByTimeAsync(0)
const kind = (error: unknown) => (isPixwelError(error) ? error.kind : error)

/** A two-factor API: `verified` flips the answer; `as` answers polls as another account. */
function twoFactorApi() {
  const api = { verified: false, as: 'tom', queue: 0, hold: false }
  const { adapter, seen } = controlledAdapter(() => {
    if (api.hold) return null
    return [200, api.verified ? body(api.as) : body(api.as, { twoFactor: true, queue: api.queue })]
  })
  return { api, adapter, seen }
}

async function signedInTwoFactor(options: { lifetime?: number } = {}) {
  vi.useFakeTimers({ now: 1_700_000_000_000 })
  const { api, adapter, seen } = twoFactorApi()
  const client = createPixwelClient({
    baseURL: base,
    adapter,
    ...(options.lifetime ? { twoFactorLifetimeMs: options.lifetime } : {}),
  })
  clients.push(client)
  await client.createSession({ username: 'tom@example.com', password: 'Synthetic-Pass-1' })
  expect(client.getSession().status).toBe('two-factor-required')
  return { api, seen, client }
}

describe('two-factor: held', () => {
  it('held: two waits end with timeout at expiresAt; the snapshot says two-factor-expired; one poll loop', async () => {
    const { client, seen } = await signedInTwoFactor({ lifetime: 60_000 })
    const state = client.getSession()
    expect(state.status === 'two-factor-required' && state.expiresAt).toBe(1_700_000_060_000)
    const a = client.waitForTwoFactor({ intervalMs: 1000 }).catch((e: unknown) => e)
    const b = client.waitForTwoFactor({ intervalMs: 1000 }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(kind(await a)).toBe('timeout')
    expect(kind(await b)).toBe('timeout')
    expect(client.getSession()).toMatchObject({
      status: 'signed-out',
      reason: 'two-factor-expired',
    })
    // One sign-in and one poll a second (not two), for 60 s at most.
    expect(seen.length).toBeLessThanOrEqual(61)
    expect(seen.length).toBeGreaterThan(50)
  })

  it('held: a poll whose session changed (queue moved) neither restarts the clock nor the wait', async () => {
    const { client, api } = await signedInTwoFactor({ lifetime: 10_000 })
    const wait = client.waitForTwoFactor({ intervalMs: 1000 }).catch((e: unknown) => e)
    for (let i = 1; i <= 9; i++) {
      api.queue = i
      await vi.advanceTimersByTimeAsync(1000)
    }
    expect(client.getSession().session?.queue).toHaveLength(9)
    await vi.advanceTimersByTimeAsync(1000)
    expect(kind(await wait)).toBe('timeout')
  })

  it('held: a poll answered with another account does not verify the challenge', async () => {
    const { client, api } = await signedInTwoFactor()
    const wait = client.waitForTwoFactor({ intervalMs: 1000 }).catch((e: unknown) => e)
    api.verified = true
    api.as = 'mallory'
    await vi.advanceTimersByTimeAsync(3000)
    expect(client.getSession()).toMatchObject({ status: 'two-factor-required' })
    expect(client.getSession().session?.id).toBe('tom')
    api.as = 'tom'
    await vi.advanceTimersByTimeAsync(1000)
    expect(((await wait) as { id?: string }).id).toBe('tom')
    expect(client.getSession().status).toBe('signed-in')
  })

  it('held: a sleeping laptop (Date jumps, no timer fired) expires the challenge on wake, before any poll is sent', async () => {
    const { client, seen } = await signedInTwoFactor({ lifetime: 60_000 })
    const wait = client.waitForTwoFactor({ intervalMs: 5000 }).catch((e: unknown) => e)
    const before = seen.length
    vi.setSystemTime(Date.now() + 3_600_000)
    await vi.advanceTimersByTimeAsync(5000)
    expect(kind(await wait)).toBe('timeout')
    expect(client.getSession()).toMatchObject({ reason: 'two-factor-expired' })
    expect(seen.length).toBe(before)
  })

  it('held: a poll answer that arrives after the deadline (slept mid-request) is too late', async () => {
    const { client, api, seen } = await signedInTwoFactor({ lifetime: 60_000 })
    api.hold = true
    const wait = client.waitForTwoFactor({ intervalMs: 1000 }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(1000)
    const poll = seen.at(-1)!
    expect(poll.settled).toBe(false)
    vi.setSystemTime(Date.now() + 120_000)
    poll.reply(200, body('tom', { twoFactor: true }))
    await tick()
    expect(kind(await wait)).toBe('timeout')
    expect(client.getSession()).toMatchObject({ reason: 'two-factor-expired' })
  })

  it('held: timeoutMs brings expiresAt forward for every wait, never back', async () => {
    const { client } = await signedInTwoFactor()
    const first = client.waitForTwoFactor({ timeoutMs: 5000 }).catch((e: unknown) => e)
    const second = client.waitForTwoFactor({ timeoutMs: 500_000 }).catch((e: unknown) => e)
    const state = client.getSession()
    expect(state.status === 'two-factor-required' && state.expiresAt).toBe(1_700_000_005_000)
    await vi.advanceTimersByTimeAsync(5000)
    expect(kind(await first)).toBe('timeout')
    expect(kind(await second)).toBe('timeout')
  })

  it('held: a sign-out ends every wait aborted; no timer is left', async () => {
    const { client } = await signedInTwoFactor()
    const a = client.waitForTwoFactor().catch((e: unknown) => e)
    const b = client.waitForTwoFactor().catch((e: unknown) => e)
    client.signOut()
    expect(kind(await a)).toBe('aborted')
    expect(kind(await b)).toBe('aborted')
    expect(vi.getTimerCount()).toBe(0)
  })

  it('held: dispose during a poll in flight ends the waits and leaves no timer', async () => {
    const { client, api } = await signedInTwoFactor()
    api.hold = true
    const wait = client.waitForTwoFactor({ intervalMs: 1000 }).catch((e: unknown) => e)
    await vi.advanceTimersByTimeAsync(1000)
    client.dispose()
    expect(kind(await wait)).toBe('aborted')
    await tick()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('held: a listener that signs out on the two-factor sign-in cancels it; no timer is left', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 })
    const { adapter } = twoFactorApi()
    const client = createPixwelClient({ baseURL: base, adapter })
    clients.push(client)
    client.subscribe((event) => {
      if (event.type === 'signed-in') client.signOut()
    })
    const result = await client
      .createSession({ username: 'tom@example.com', password: 'Synthetic-Pass-1' })
      .catch((e: unknown) => e)
    expect(kind(result)).toBe('aborted')
    expect(client.getSession()).toMatchObject({ status: 'signed-out', reason: 'sign-out' })
    expect(vi.getTimerCount()).toBe(0)
  })

  it('held: a signal is honoured at once while a kept session is being restored', async () => {
    const held = heldStorage({ [key]: stored('pat_tom') })
    const { adapter } = twoFactorApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(client)
    const controller = new AbortController()
    const wait = client.waitForTwoFactor({ signal: controller.signal }).catch((e: unknown) => e)
    controller.abort()
    expect(kind(await wait)).toBe('aborted')
  })
})

describe('two-factor: hostile signals', () => {
  it('fixed (was a minor defect): a signal whose removeEventListener throws no longer hangs a wait begun during a restore', async () => {
    const held = heldStorage({ [key]: stored('pat_tom') })
    const { adapter } = twoFactorApi()
    const client = createPixwelClient({ baseURL: base, adapter, persist: held.storage })
    clients.push(client)
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const controller = new AbortController()
      const real = controller.signal
      // Duck-typed like jsdom's: checkSignal accepts it.
      const hostile = {
        aborted: false,
        addEventListener: real.addEventListener.bind(real),
        removeEventListener() {
          throw new Error('hostile signal')
        },
      } as unknown as AbortSignal
      const wait = client.waitForTwoFactor({ signal: hostile }).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      )
      await held.drain()
      await new Promise((resolve) => setTimeout(resolve, 20))
      // The restore ended two-factor-required: the wait went on to the challenge, and its
      // signal still ends it.
      expect(client.getSession().status).toBe('two-factor-required')
      controller.abort()
      const outcome = await Promise.race([
        wait,
        new Promise((resolve) => setTimeout(() => resolve('hung'), 300)),
      ])
      expect(outcome).toMatchObject({ error: { kind: 'aborted' } })
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })
})
