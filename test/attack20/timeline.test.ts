/** Attacks on the timeline: redaction on every path, boundedness, hostile options, sharing. */
import { describe, expect, it, vi } from 'vitest'
import { createPixwelClient, isPixwelError, pixwelTimeline } from '../../src/index'
import { buildSessionResponse } from '../../src/testing/index'
import { fakePixwel, user } from '../support/fakePixwel'
import { ada, api, baseURL, tabs } from './support'

const secrets = [
  'pat_ada',
  'pat_bo',
  'correct horse',
  'ada@studio.example',
  'ada.lovelace',
  '$2y$',
  'Bearer',
  'Basic ',
  'Y3k6', // base64 of "cy:" (a Basic value)
  'Ada Lovelace',
]

function expectClean(entries: readonly { message: string }[]) {
  const text = JSON.stringify(entries)
  for (const secret of secrets) expect(text).not.toContain(secret)
}

describe('timeline, redaction', () => {
  it('guard: no secret on any path (password, kept token, 401, 5xx, 429, network, drift, fields, two-factor, cross-tab)', async () => {
    vi.useFakeTimers()
    let mode = 'ok'
    const body = buildSessionResponse({
      _id: 'ada',
      name: 'Ada Lovelace',
      username: 'ada.lovelace',
      emailNormal: 'ada@studio.example',
      hasEnforced2fa: false,
    })
    const server = api(() => {
      switch (mode) {
        case '401':
          return {
            status: 401,
            body: { message: 'token pat_ada_0123456789 revoked for ada@studio.example' },
          }
        case '500':
          return { status: 500, body: { error: 'ada@studio.example' } }
        case '429':
          return { status: 429, headers: { 'retry-after': '5' } }
        case 'drift':
          return { status: 200, body: { ...body, roles: 'ada@studio.example', _id: 42 } }
        case '2fa':
          return {
            status: 200,
            body: { ...body, hasEnforced2fa: true, twofactorVerified: false },
          }
        default:
          return { status: 200, body }
      }
    })
    const kit = tabs({
      count: 2,
      clientOptions: {
        baseURL,
        adapter: server.adapter,
        refreshOnFocus: true,
        refreshIntervalMs: 30_000,
        timeline: pixwelTimeline({ size: 10_000 }),
        contract: 'tolerant',
        onContractDrift: () => undefined,
      },
    })
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    const [one, two] = kit.tabs
    await one?.client.createSession({ token: 'pat_ada_0123456789' }, { fields: ['name', 'roles'] })
    await vi.advanceTimersByTimeAsync(60_000)
    two?.focus()
    await vi.advanceTimersByTimeAsync(0)
    for (const next of ['500', '429', 'drift', 'ok']) {
      mode = next
      await one?.client.refreshSession().catch(() => undefined)
      await vi.advanceTimersByTimeAsync(15_000)
    }
    await one?.client
      .createSession({ username: 'cy', password: 'correct horse' })
      .catch(() => undefined)
    mode = '2fa'
    await two?.client.createSession({ token: 'pat_bo_0123456789' }).catch(() => undefined)
    two?.hide()
    two?.show()
    mode = '401'
    await one?.client.refreshSession().catch(() => undefined)
    kit.offline()
    await two?.client.createSession({ token: 'pat_ada_0123456789' }).catch(() => undefined)
    kit.online()
    two?.client.signOut()
    await vi.advanceTimersByTimeAsync(100_000)
    for (const tab of kit.tabs) {
      const entries = tab.client.getTimeline()
      expect(entries.length).toBeGreaterThan(5)
      expectClean(entries)
    }
  })

  it('guard: entries and the list are frozen; getTimeline() gives a snapshot, not a live view', async () => {
    const fake = fakePixwel()
    const client = createPixwelClient({
      baseURL,
      adapter: fake.adapter,
      timeline: pixwelTimeline(),
    })
    await client.createSession({ token: ada.token })
    const list = client.getTimeline()
    expect(Object.isFrozen(list)).toBe(true)
    for (const entry of list) expect(Object.isFrozen(entry)).toBe(true)
    const length = list.length
    client.signOut()
    expect(list.length).toBe(length)
    expect(client.getTimeline().length).toBeGreaterThan(length)
    client.dispose()
  })

  it('guard: bounded to size, in order, oldest dropped', async () => {
    const fake = fakePixwel()
    const client = createPixwelClient({
      baseURL,
      adapter: fake.adapter,
      timeline: pixwelTimeline({ size: 3 }),
    })
    for (let i = 0; i < 50; i++) {
      await client.createSession({ token: ada.token })
      client.signOut()
    }
    const entries = client.getTimeline()
    expect(entries).toHaveLength(3)
    const ats = entries.map((entry) => entry.at)
    expect([...ats].sort((a, b) => a - b)).toEqual(ats)
    expect(entries.at(-1)?.message).toMatch(/signed-out|signed out/)
    client.dispose()
  })

  it('guard: hostile options are configuration errors', () => {
    const bad: unknown[] = [
      { size: 0 },
      { size: 10_001 },
      { size: 1.5 },
      { size: '5' },
      { size: NaN },
      null,
      7,
      Object.defineProperty({}, 'size', {
        get() {
          throw new Error('boom')
        },
      }),
    ]
    for (const options of bad) {
      let caught: unknown
      try {
        pixwelTimeline(options as never)
      } catch (error) {
        caught = error
      }
      expect(isPixwelError(caught) && caught.kind).toBe('configuration')
    }
  })

  it('guard: one pixwelTimeline() shared by two clients keeps one buffer each', async () => {
    const timeline = pixwelTimeline()
    const fake = fakePixwel()
    const a = createPixwelClient({ baseURL, adapter: fake.adapter, timeline })
    const b = createPixwelClient({ baseURL, adapter: fake.adapter, timeline })
    await a.createSession({ token: ada.token })
    expect(b.getTimeline()).toHaveLength(0)
    expect(a.getTimeline().length).toBeGreaterThan(0)
    a.dispose()
    b.dispose()
  })

  it('fixed (was a minor defect) options: a timeline passed as idle (idle: pixwelTimeline()) is refused, not started as idle', () => {
    let caught: unknown
    try {
      createPixwelClient({ baseURL, idle: pixwelTimeline() }).dispose()
    } catch (error) {
      caught = error
    }
    expect(isPixwelError(caught) && caught.kind).toBe('configuration')
  })

  it('guard: a forged refreshed with a far-past or future at writes a bounded, sane entry', async () => {
    vi.useFakeTimers()
    const server = api()
    const kit = tabs({
      count: 2,
      clientOptions: { baseURL, adapter: server.adapter, timeline: pixwelTimeline() },
    })
    for (const tab of kit.tabs) tab.client.subscribe(() => undefined)
    await kit.tabs[0]?.client.createSession(ada)
    await vi.advanceTimersByTimeAsync(0)
    const kid = (
      JSON.parse(kit.storage.getItem(`pixwel-react:token:${baseURL}`) as string) as { kid: string }
    ).kid
    const end = kit.tabs[0]?.page.channel(`pixwel-react:${baseURL}`)
    end?.post({ type: 'refreshed', at: -Number.MAX_VALUE, kid })
    end?.post({ type: 'refreshed', at: Number.MAX_VALUE, kid })
    await vi.advanceTimersByTimeAsync(0)
    const messages = kit.tabs[1]?.client.getTimeline().map((entry) => entry.message) ?? []
    for (const message of messages) expect(message.length).toBeLessThan(200)
  })

  it('guard: two clients on one tab kit, a timeline on one only: the other returns []', async () => {
    const fake = fakePixwel((_, i) => ({ status: 200, body: user(`u${String(i)}`) }))
    const plain = createPixwelClient({ baseURL, adapter: fake.adapter })
    await plain.createSession({ token: ada.token })
    expect(plain.getTimeline()).toEqual([])
    plain.dispose()
  })
})
