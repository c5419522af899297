import axios from 'axios'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PerformanceObserver, constants, performance, type PerformanceEntry } from 'node:perf_hooks'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { specExample } from './fixtures.js'
import { quantile } from './measure.js'
import type { Package } from './package.js'
import { ms, times, verdict, type Row } from './report.js'

/** One timed call: when it started and ended (performance.now(), ms). */
interface Call {
  start: number
  end: number
}

interface Run {
  ours: Call[]
  base: Call[]
  gcs: PerformanceEntry[]
}

const duration = (call: Call) => call.end - call.start

/** `gc()` without starting Node with --expose-gc: the flag, then a fresh context exposes it. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

/**
 * Runs two async operations one after the other, alternating which goes first, `iterations`
 * times after `warmup` discarded pairs, recording every call's start and end and every garbage
 * collection (PerformanceObserver 'gc' entries) of the kept part. With `collectEvery`, a full
 * collection is forced (untimed) every that many pairs.
 */
async function run(
  ours: () => Promise<unknown>,
  base: () => Promise<unknown>,
  {
    iterations,
    warmup,
    collectEvery,
  }: { iterations: number; warmup: number; collectEvery?: number },
): Promise<Run> {
  const gc = collectEvery ? exposeGc() : undefined
  const result: Run = { ours: [], base: [], gcs: [] }
  const observer = new PerformanceObserver((list) => result.gcs.push(...list.getEntries()))
  const time = async (fn: () => Promise<unknown>): Promise<Call> => {
    const start = performance.now()
    await fn()
    return { start, end: performance.now() }
  }
  for (let round = 0; round < warmup + iterations; round++) {
    if (round === warmup) observer.observe({ entryTypes: ['gc'] })
    if (gc && round % collectEvery! === 0) gc()
    let a: Call
    let b: Call
    if (round % 2 === 0) {
      a = await time(ours)
      b = await time(base)
    } else {
      b = await time(base)
      a = await time(ours)
    }
    if (round < warmup) continue
    result.ours.push(a)
    result.base.push(b)
  }
  // Entries are delivered asynchronously.
  await new Promise((resolve) => setTimeout(resolve, 20))
  observer.disconnect()
  // Forced collections are not the code's: leave them out.
  if (gc) result.gcs = result.gcs.filter((entry) => !collectedBetween(entry, result))
  return result
}

function collectedBetween(entry: PerformanceEntry, result: Run): boolean {
  return ![...result.ours, ...result.base].some((call) => overlaps(entry, call))
}

function overlaps(entry: PerformanceEntry, call: Call): boolean {
  return entry.startTime < call.end && entry.startTime + entry.duration > call.start
}

interface Summary {
  p50: number
  p99: number
  basep50: number
  basep99: number
  /** Collections that overlapped a call of each side, and their time in ms. */
  gcOurs: number
  gcBase: number
  gcMsOurs: number
  gcMsBase: number
  /** Of those, mark-compact (full) collections. */
  majorOurs: number
  majorBase: number
  /** Of each side's slowest 1 %, how many overlapped a collection. */
  slowWithGcOurs: number
  slowWithGcBase: number
  slowCount: number
  /** Of our slowest 1 %, how many were paired with a baseline call above its own p90. */
  slowBothSides: number
  /** p99 ratio of the first half and of the second half of the iterations. */
  halves: [number, number]
  /** Calls that a collection paused (overlapped), as a share of each side's calls. */
  hitOurs: number
  hitBase: number
  /** 5th and 95th percentiles of the p99 ratio over 400 bootstrap resamples of the pairs. */
  p99Interval: [number, number]
}

/** The p99 ratio of pairs resampled with replacement (a fixed-seed generator: reproducible). */
function bootstrapP99(ours: number[], base: number[], resamples = 400): [number, number] {
  let seed = 0x2545f491
  const random = () => {
    seed ^= seed << 13
    seed ^= seed >>> 17
    seed ^= seed << 5
    return (seed >>> 0) / 2 ** 32
  }
  const ratios: number[] = []
  for (let sample = 0; sample < resamples; sample++) {
    const a: number[] = []
    const b: number[] = []
    for (let index = 0; index < ours.length; index++) {
      const pick = Math.floor(random() * ours.length)
      a.push(ours[pick]!)
      b.push(base[pick]!)
    }
    ratios.push(quantile(a, 0.99) / quantile(b, 0.99))
  }
  return [quantile(ratios, 0.05), quantile(ratios, 0.95)]
}

function summarise({ ours, base, gcs }: Run): Summary {
  const d = (calls: Call[]) => calls.map(duration)
  const gcIn = (calls: Call[]) => gcs.filter((entry) => calls.some((call) => overlaps(entry, call)))
  const slowest = (calls: Call[]) =>
    calls
      .map((call, index) => ({ call, index }))
      .sort((a, b) => duration(b.call) - duration(a.call))
      .slice(0, Math.ceil(calls.length / 100))
  const withGc = (calls: Call[]) =>
    slowest(calls).filter(({ call }) => gcs.some((entry) => overlaps(entry, call))).length
  const baseP90 = quantile(d(base), 0.9)
  const half = Math.floor(ours.length / 2)
  const p99Ratio = (from: number, to: number) =>
    quantile(d(ours.slice(from, to)), 0.99) / quantile(d(base.slice(from, to)), 0.99)
  const hit = (calls: Call[]) =>
    calls.filter((call) => gcs.some((entry) => overlaps(entry, call))).length / calls.length
  const oursGc = gcIn(ours)
  const baseGc = gcIn(base)
  const sum = (entries: PerformanceEntry[]) =>
    entries.reduce((total, entry) => total + entry.duration, 0)
  return {
    p50: quantile(d(ours), 0.5),
    p99: quantile(d(ours), 0.99),
    basep50: quantile(d(base), 0.5),
    basep99: quantile(d(base), 0.99),
    gcOurs: oursGc.length,
    gcBase: baseGc.length,
    gcMsOurs: sum(oursGc),
    gcMsBase: sum(baseGc),
    majorOurs: oursGc.filter(isMajor).length,
    majorBase: baseGc.filter(isMajor).length,
    slowWithGcOurs: withGc(ours),
    slowWithGcBase: withGc(base),
    slowCount: Math.ceil(ours.length / 100),
    slowBothSides: slowest(ours).filter(({ index }) => duration(base[index]!) > baseP90).length,
    halves: [p99Ratio(0, half), p99Ratio(half, ours.length)],
    hitOurs: hit(ours),
    hitBase: hit(base),
    p99Interval: bootstrapP99(d(ours), d(base)),
  }
}

/**
 * What one call allocates: the growth of the heap over blocks of 20 sequential calls, keeping
 * the blocks no collection interrupted (the heap shrank), median over the blocks, in bytes.
 */
async function allocatedPerCall(fn: () => Promise<unknown>, blocks = 40): Promise<number> {
  for (let index = 0; index < 100; index++) await fn()
  const perCall: number[] = []
  for (let block = 0; block < blocks; block++) {
    const before = process.memoryUsage().heapUsed
    for (let index = 0; index < 20; index++) await fn()
    const grown = process.memoryUsage().heapUsed - before
    if (grown > 0) perCall.push(grown / 20)
  }
  return quantile(perCall, 0.5)
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`

/**
 * `client.createSession` against `fetch` + `res.json()` + the same `parseSession`, one after
 * the other in alternating order, on one loopback keep-alive server; then the experiments
 * that look for where the p99 of our side comes from.
 */
export async function endToEndRows(
  lib: Package,
  { iterations = 1500, warmup = 200, experimentIterations = 1000 } = {},
): Promise<Row[]> {
  const body = Buffer.from(JSON.stringify(specExample()))
  let connections = 0
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': body.length,
      })
      response.end(body)
    })
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const baseURL = `http://127.0.0.1:${port}/api`
  const credentials = { username: 'bench@example.com', password: 'synthetic' }
  const authorization = `Basic ${Buffer.from('bench@example.com:synthetic').toString('base64')}`
  const headers = {
    Authorization: authorization,
    Accept: 'application/json',
    'Content-Type': 'application/json',
  }
  const viaFetch = async () => {
    const response = await fetch(`${baseURL}/session`, { method: 'POST', headers, body: '{}' })
    return lib.parseSession(await response.json())
  }
  const client = lib.createPixwelClient({ baseURL })
  const signIn = () => client.createSession(credentials)

  const main = summarise(await run(signIn, viaFetch, { iterations, warmup }))
  const requests = connections
  const allocatedOurs = await allocatedPerCall(signIn)
  const allocatedBase = await allocatedPerCall(viaFetch)

  const fetchClient = lib.createPixwelClient({ baseURL, adapter: 'fetch' })
  const bareClient = lib.createPixwelClient({ baseURL })
  bareClient.http.interceptors.request.clear()
  bareClient.http.interceptors.response.clear()
  const plain = axios.create({ baseURL })
  const plainNoRedirects = axios.create({ baseURL, maxRedirects: 0 })
  const viaAxios = (instance: typeof plain) => async () => {
    const response = await instance.post<string>(
      '/session',
      {},
      { headers, responseType: 'text', transformResponse: [(data: unknown) => data] },
    )
    return lib.parseSession(JSON.parse(response.data))
  }
  const options = { iterations: experimentIterations, warmup }
  const experiments: [string, Summary, number | undefined][] = []
  const experiment = async (
    label: string,
    ours: () => Promise<unknown>,
    extra: { collectEvery?: number } = {},
  ) => {
    const summary = summarise(await run(ours, viaFetch, { ...options, ...extra }))
    experiments.push([
      label,
      summary,
      extra.collectEvery ? undefined : await allocatedPerCall(ours),
    ])
  }
  await experiment('createSession, a full gc() forced between batches of 50 pairs', signIn, {
    collectEvery: 50,
  })
  await experiment("createSession, axios's fetch adapter", () =>
    fetchClient.createSession(credentials),
  )
  await experiment('createSession, interceptors cleared (no deadline timer)', () =>
    bareClient.createSession(credentials),
  )
  await experiment('plain axios.create() post + JSON.parse + parseSession', viaAxios(plain))
  await experiment(
    'same, maxRedirects: 0 (node:http, no follow-redirects)',
    viaAxios(plainNoRedirects),
  )
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))

  const rows: Row[] = []
  for (const [label, ours, base, target] of [
    ['p50', main.p50, main.basep50, 1.3],
    ['p99', main.p99, main.basep99, 1.5],
  ] as const) {
    rows.push({
      metric: `end-to-end ${label}: client.createSession, loopback keep-alive, ${iterations} runs`,
      ours: ms(ours),
      base: `fetch + res.json() + parseSession ${ms(base)}`,
      ratio: times(ours / base),
      target: `≤ ${target.toFixed(1)}×`,
      result: verdict(ours / base <= target),
    })
  }
  rows.push(
    {
      metric: '↳ connections opened by both sides together',
      ours: String(requests),
      base: `${iterations + warmup} requests each`,
      ratio: '—',
      target: '—',
      result: 'info',
    },
    {
      metric: '↳ p99 ratio: 90 % bootstrap interval; first half / second half of the runs',
      ours: `${times(main.p99Interval[0])}–${times(main.p99Interval[1])}`,
      base: `${times(main.halves[0])} / ${times(main.halves[1])}`,
      ratio: '—',
      target: '—',
      result: 'info',
    },
    {
      metric: '↳ allocated per call (heap growth between GCs), ours / fetch',
      ours: kB(allocatedOurs),
      base: kB(allocatedBase),
      ratio: times(allocatedOurs / allocatedBase),
      target: '—',
      result: 'info',
    },
    gcRow('↳ GCs overlapping the calls (their time; full ones), ours / fetch', main),
    {
      metric: '↳ calls a GC paused, share of each side (p99 is the slowest 1 %)',
      ours: `${(main.hitOurs * 100).toFixed(2)} %`,
      base: `${(main.hitBase * 100).toFixed(2)} %`,
      ratio: '—',
      target: '—',
      result: 'info',
    },
    {
      metric: `↳ of the slowest 1 % (${main.slowCount}): overlapping a GC, ours / fetch`,
      ours: `${main.slowWithGcOurs} / ${main.slowWithGcBase}`,
      base: `ours slow while its paired fetch call was above fetch's p90: ${main.slowBothSides}`,
      ratio: '—',
      target: '—',
      result: 'info',
    },
  )
  for (const [label, summary, allocated] of experiments) {
    rows.push({
      metric: `↳ p99 experiment, ${experimentIterations} runs: ${label}`,
      ours: `p50 ${ms(summary.p50)}, p99 ${ms(summary.p99)}${allocated === undefined ? '' : `, ${kB(allocated)}/call`}`,
      base: `fetch p50 ${ms(summary.basep50)}, p99 ${ms(summary.basep99)}; GCs ${summary.gcOurs} / ${summary.gcBase}, paused ${(summary.hitOurs * 100).toFixed(1)} / ${(summary.hitBase * 100).toFixed(1)} %`,
      ratio: `${times(summary.p50 / summary.basep50)} / ${times(summary.p99 / summary.basep99)}`,
      target: '— (p50 / p99)',
      result: 'info',
    })
  }
  return rows
}

function isMajor(entry: PerformanceEntry): boolean {
  const { detail } = entry as { detail?: { kind?: number } }
  return detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR
}

function gcRow(metric: string, summary: Summary): Row {
  return {
    metric,
    ours: `${summary.gcOurs} (${ms(summary.gcMsOurs)}; ${summary.majorOurs} full)`,
    base: `${summary.gcBase} (${ms(summary.gcMsBase)}; ${summary.majorBase} full)`,
    ratio: '—',
    target: '—',
    result: 'info',
  }
}
