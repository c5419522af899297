import { execFileSync } from 'node:child_process'
import type { Paired } from './measure.js'
import { ns, times, type Row } from './report.js'

interface WorkerResult {
  spec: Paired
  realistic: Paired
}

function worker(jitless: boolean): WorkerResult {
  const args = ['artifacts/bench/parseWorker.mjs', ...(jitless ? ['--jitless'] : [])]
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })) as WorkerResult
}

/** zod's JIT (the default) against `jitless`, each in its own fresh process, in turn. */
export function jitRows(): Row[] {
  const jit: WorkerResult[] = []
  const jitless: WorkerResult[] = []
  for (let round = 0; round < 2; round++) {
    jit.push(worker(false))
    jitless.push(worker(true))
  }
  const best = (results: WorkerResult[], key: keyof WorkerResult) =>
    results.map((result) => result[key]).sort((a, b) => a.ratio - b.ratio)[0]!
  return (['spec', 'realistic'] as const).map((key) => {
    const fast = best(jit, key)
    const slow = best(jitless, key)
    return {
      metric: `schema choice: zod jitless vs JIT, parseSession (${key === 'spec' ? 'spec example' : 'realistic'})`,
      ours: `jitless ${ns(slow.ours)} (${times(slow.ratio)} JSON.parse)`,
      base: `JIT ${ns(fast.ours)} (${times(fast.ratio)} JSON.parse)`,
      ratio: times(slow.ours / fast.ours),
      target: '— (JIT chosen)',
      result: 'info' as const,
    }
  })
}
