/**
 * Timing helpers: paired, interleaved runs with warm-up discarded.
 *
 * The machine is shared (two cores, other work running), so a timed batch is often
 * interrupted. Each side is summarised by the 10th percentile of its batch times: the
 * batches that ran undisturbed, which is the cost of the code itself. Ours and the baseline
 * alternate batch by batch (ABBA), so both see the same conditions.
 */

/** Which quantile of the batch times stands for a side. */
export const summaryQuantile = 0.1

export interface Paired {
  /** Nanoseconds per operation of the measured code (10th percentile of the batches). */
  ours: number
  /** Nanoseconds per operation of the baseline, measured in the same rounds. */
  base: number
  /** ours / base. */
  ratio: number
  rounds: number
  batch: number
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5)
}

/** Nearest-rank quantile (p in [0, 1]). */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))
  return sorted[rank]!
}

function timeBatch(fn: () => unknown, batch: number): number {
  let sink: unknown
  const start = process.hrtime.bigint()
  for (let index = 0; index < batch; index++) sink = fn()
  const elapsed = Number(process.hrtime.bigint() - start)
  keep(sink)
  return elapsed / batch
}

let kept: unknown
/** Stops the optimiser from dropping a result nobody reads. */
function keep(value: unknown): void {
  kept = value
}
export function lastKept(): unknown {
  return kept
}

/** How many calls make one timed batch of about `targetMs`. */
function calibrate(fn: () => unknown, targetMs: number): number {
  let batch = 1
  for (;;) {
    const start = process.hrtime.bigint()
    for (let index = 0; index < batch; index++) keep(fn())
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (ms >= targetMs / 4 || batch >= 1 << 24) {
      return Math.max(1, Math.round((batch * targetMs) / Math.max(ms, 1e-3)))
    }
    batch *= 2
  }
}

/**
 * Times `ours` against `base` in alternating batches (ABBA order), after `warmup` discarded
 * rounds, and reports medians and the median per-round ratio.
 */
export function paired(
  ours: () => unknown,
  base: () => unknown,
  {
    rounds = 41,
    warmup = 8,
    batchMs = 4,
  }: { rounds?: number; warmup?: number; batchMs?: number } = {},
): Paired {
  const batch = Math.max(calibrate(ours, batchMs), calibrate(base, batchMs))
  const oursTimes: number[] = []
  const baseTimes: number[] = []
  for (let round = 0; round < warmup + rounds; round++) {
    let a: number
    let b: number
    if (round % 2 === 0) {
      a = timeBatch(ours, batch)
      b = timeBatch(base, batch)
    } else {
      b = timeBatch(base, batch)
      a = timeBatch(ours, batch)
    }
    if (round < warmup) continue
    oursTimes.push(a)
    baseTimes.push(b)
  }
  return summarise(oursTimes, baseTimes, rounds, batch)
}

function summarise(oursTimes: number[], baseTimes: number[], rounds: number, batch: number) {
  const ours = quantile(oursTimes, summaryQuantile)
  const base = quantile(baseTimes, summaryQuantile)
  return { ours, base, ratio: ours / base, rounds, batch }
}

export interface Latencies {
  ours: number[]
  base: number[]
}

/**
 * Runs two async operations one after the other, alternating which goes first, `iterations`
 * times after `warmup` discarded pairs, and returns every latency in milliseconds.
 */
export async function pairedLatencies(
  ours: () => Promise<unknown>,
  base: () => Promise<unknown>,
  { iterations, warmup }: { iterations: number; warmup: number },
): Promise<Latencies> {
  const time = async (fn: () => Promise<unknown>) => {
    const start = process.hrtime.bigint()
    keep(await fn())
    return Number(process.hrtime.bigint() - start) / 1e6
  }
  return alternateAsync(
    () => time(ours),
    () => time(base),
    warmup,
    iterations,
  )
}

/**
 * Runs `measureOurs` and `measureBase` `warmup + rounds` times, alternating which goes first
 * (ABBA), and keeps the figures of the rounds after the warm-up.
 */
async function alternateAsync(
  measureOurs: () => Promise<number>,
  measureBase: () => Promise<number>,
  warmup: number,
  rounds: number,
): Promise<Latencies> {
  const result: Latencies = { ours: [], base: [] }
  for (let round = 0; round < warmup + rounds; round++) {
    let a: number
    let b: number
    if (round % 2 === 0) {
      a = await measureOurs()
      b = await measureBase()
    } else {
      b = await measureBase()
      a = await measureOurs()
    }
    if (round < warmup) continue
    result.ours.push(a)
    result.base.push(b)
  }
  return result
}

/** {@link paired} for async operations: batches of sequential awaits, alternating order. */
export async function pairedAsync(
  ours: () => Promise<unknown>,
  base: () => Promise<unknown>,
  {
    rounds = 41,
    warmup = 8,
    batch = 400,
  }: { rounds?: number; warmup?: number; batch?: number } = {},
): Promise<Paired> {
  const time = async (fn: () => Promise<unknown>) => {
    const start = process.hrtime.bigint()
    for (let index = 0; index < batch; index++) keep(await fn())
    return Number(process.hrtime.bigint() - start) / batch
  }
  const times = await alternateAsync(
    () => time(ours),
    () => time(base),
    warmup,
    rounds,
  )
  return summarise(times.ours, times.base, rounds, batch)
}
