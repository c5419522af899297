import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { AxiosAdapter } from 'axios'
import type { PixwelExtension } from '../src/api/PixwelExtension.js'
import type { PixwelPage, PixwelPageChannel } from '../src/api/PixwelPage.js'
import { loadPackage, loadTestKit, type Package } from './package.js'
import { verdict, type Row } from './report.js'

/**
 * "Memory over a long day" (issue 22): `tabs` clients, each on a page of its own sharing one
 * cross-tab line, signed in with `refreshIntervalMs`, refresh `refreshes` times in all
 * (round-robin, one at a time, `refreshSession()` called directly: the same work as the
 * interval's, without waiting hours), against an in-memory API. The retained heap is measured
 * after `gc()` before (after a warm-up) and after; the test (test/adversarial/longDay.test.ts)
 * runs it against src/, the bench against dist/.
 */
export interface LongDayOptions {
  createPixwelClient: Package['createPixwelClient']
  /** The body of every `POST /session` answer. */
  session: unknown
  tabs?: number
  refreshes?: number
  /** Refreshes before the first measurement: JIT, axios' and the clients' first allocations. */
  warmUp?: number
  /** `pixwelTimeline()`, when the app keeps one. */
  timeline?: () => PixwelExtension
}

export interface LongDay {
  /** Retained heap (bytes, least of several measurements after gc) before and after. */
  before: number
  after: number
  growth: number
  refreshes: number
  /** Requests the API answered (sign-ins, warm-up and refreshes). */
  requests: number
  /** Messages the tabs heard from one another. */
  messages: number
  /** Entries each tab's timeline held after the warm-up and at the end (with `timeline`). */
  timeline?: { before: number[]; after: number[] }
  ms: number
}

/** `gc`, without --expose-gc on the command line (Vitest's workers, the bench). */
export function collectGarbage(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed) return exposed
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/** The least `heapUsed` of five measurements, each after two full collections. */
export function retainedHeap(gc: () => void): number {
  let least = Infinity
  for (let index = 0; index < 5; index++) {
    gc()
    gc()
    least = Math.min(least, process.memoryUsage().heapUsed)
  }
  return least
}

/** Pages of one browser in memory: never hidden, no events, one line between them. */
function createPages(count: number, heard: () => void): PixwelPage[] {
  const lines = new Map<string, Set<{ listener?: (data: unknown) => void }>>()
  return Array.from({ length: count }, () => ({
    hidden: () => false,
    on: () => () => {},
    channel(name): PixwelPageChannel {
      const members = lines.get(name) ?? new Set()
      lines.set(name, members)
      const port: { listener?: (data: unknown) => void } = {}
      members.add(port)
      return {
        post(message) {
          const copy = structuredClone(message)
          for (const other of members) {
            if (other === port) continue
            heard()
            queueMicrotask(() => other.listener?.(copy))
          }
        },
        listen(listener) {
          port.listener = listener
        },
        close() {
          members.delete(port)
        },
      }
    },
  }))
}

export async function longDay(options: LongDayOptions): Promise<LongDay> {
  const { tabs = 5, refreshes = 10_000, warmUp = 3_000 } = options
  const body = JSON.stringify(options.session)
  let requests = 0
  const adapter: AxiosAdapter = (config) => {
    requests++
    return Promise.resolve({ data: body, status: 200, statusText: '', headers: {}, config })
  }
  let messages = 0
  const clients = createPages(tabs, () => messages++).map((page) =>
    options.createPixwelClient({
      adapter,
      page,
      // A refresh every 5 minutes, as a long-lived dashboard might; the timers are unref'd and
      // never fire in this run: the refreshes are called directly.
      refreshIntervalMs: 300_000,
      ...(options.timeline ? { timeline: options.timeline() } : {}),
    }),
  )
  const started = performance.now()
  const gc = collectGarbage()
  try {
    for (const client of clients) {
      await client.createSession({ username: 'ada@example.com', password: 'long-day-password' })
    }
    const run = async (count: number) => {
      for (let index = 0; index < count; index++) {
        await clients[index % tabs]!.refreshSession()
      }
      // Let the cross-tab messages of the last refreshes be heard.
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    const entries = () => clients.map((client) => client.getTimeline().length)
    await run(warmUp)
    const timelineBefore = entries()
    const before = retainedHeap(gc)
    await run(refreshes)
    const after = retainedHeap(gc)
    if (clients.some((client) => !client.isSignedIn())) {
      throw new Error('a tab signed out during the long day')
    }
    return {
      before,
      after,
      growth: after - before,
      refreshes,
      requests,
      messages,
      ...(options.timeline ? { timeline: { before: timelineBefore, after: entries() } } : {}),
      ms: performance.now() - started,
    }
  } finally {
    for (const client of clients) client.dispose()
  }
}

/** The bench's row: the long day against the built package. */
export async function memoryRows(): Promise<Row[]> {
  const [lib, kit] = await Promise.all([loadPackage(), loadTestKit()])
  const session = kit.buildSessionResponse({ _id: 'ada', name: 'Ada', hasEnforced2fa: false })
  const timeline = (lib as unknown as { pixwelTimeline?: () => PixwelExtension }).pixwelTimeline
  const days = [
    { label: '', result: await longDay({ createPixwelClient: lib.createPixwelClient, session }) },
    ...(timeline
      ? [
          {
            label: ', with a timeline',
            result: await longDay({
              createPixwelClient: lib.createPixwelClient,
              session,
              timeline,
            }),
          },
        ]
      : []),
  ]
  /** Issue 22: less than 1 MB (10^6 bytes). */
  const limit = 1_000_000
  return days.map(({ label, result }) => ({
    metric: `retained heap growth over a long day${label}: 5 tabs, ${result.refreshes} refreshes, after gc()`,
    ours: `${(result.growth / 1000).toFixed(0)} kB`,
    base: `heap after the warm-up ${(result.before / 1e6).toFixed(1)} MB`,
    ratio: '—',
    target: '< 1 MB',
    result: verdict(result.growth < limit),
  }))
}
