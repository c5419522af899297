import { bodyWithGroups, realisticBody, specExample } from './fixtures.js'
import { paired, type Paired } from './measure.js'
import type { Package } from './package.js'
import { ns, times, verdict, type Row } from './report.js'

/** Copies of one body, used in turn, so no run parses the very same object twice in a row. */
function copiesOf(text: string, count = 16): () => unknown {
  const copies = Array.from({ length: count }, () => JSON.parse(text) as unknown)
  let next = 0
  return () => copies[next++ % count]
}

/** parseSession on an already parsed body vs JSON.parse of the same bytes. */
export function measureParse(lib: Package, text: string, options?: Parameters<typeof paired>[2]) {
  const body = copiesOf(text)
  return paired(
    () => lib.parseSession(body()),
    () => JSON.parse(text),
    options,
  )
}

function kB(text: string): string {
  return `${(text.length / 1024).toFixed(1)} kB`
}

function warmRow(label: string, text: string, result: Paired): Row {
  return {
    metric: `warm parse: parseSession, ${label} (${kB(text)})`,
    ours: ns(result.ours),
    base: `JSON.parse ${ns(result.base)}`,
    ratio: times(result.ratio),
    target: '≤ 1.0× (aim 0.6×)',
    result: verdict(result.ratio <= 1),
  }
}

export function warmParseRows(lib: Package): Row[] {
  const spec = JSON.stringify(specExample())
  const realistic = JSON.stringify(realisticBody())
  const rows = [
    warmRow('spec example', spec, measureParse(lib, spec)),
    warmRow('realistic', realistic, measureParse(lib, realistic)),
  ]
  // Drift reporting (issue "Contract drift"): a callback installed costs nothing on a body
  // that matches; a decorated body (proxy fields) pays for its report only.
  const reports: unknown[] = []
  const onContractDrift = (report: unknown) => {
    if (reports.length < 1) reports.push(report)
  }
  for (const [label, text] of [
    ['spec example', spec],
    ['realistic', realistic],
  ] as const) {
    const body = copiesOf(text)
    const result = paired(
      () => lib.parseSession(body(), { onContractDrift }),
      () => JSON.parse(text),
    )
    rows.push({ ...warmRow(`${label}, with a drift callback`, text, result) })
  }
  const decorated = realisticBody()
  decorated.$permissions = { read: true, write: false }
  decorated.$fields = ['name', 'groups']
  const decoratedText = JSON.stringify(decorated)
  const drifted = copiesOf(decoratedText)
  const tolerant = paired(
    () => lib.parseSession(drifted(), { contract: 'tolerant', onContractDrift }),
    () => JSON.parse(decoratedText),
  )
  rows.push({
    ...warmRow(
      'tolerant, decorated by the proxy (2 unknown fields reported)',
      decoratedText,
      tolerant,
    ),
    target: '—',
    result: 'info',
  })
  return rows
}

export function scalingRows(lib: Package): Row[] {
  const sizes = [1_000, 10_000, 100_000, 1_000_000]
  const rows: Row[] = []
  const ratios: number[] = []
  const perByte: number[] = []
  for (const size of sizes) {
    const text = JSON.stringify(bodyWithGroups(size))
    const big = size >= 100_000
    const result = measureParse(lib, text, big ? { rounds: 31, warmup: 4, batchMs: 10 } : {})
    ratios.push(result.ratio)
    perByte.push(result.ours / text.length)
    rows.push({
      metric: `scaling: parseSession, ${kB(text)} (${size >= 1e6 ? '1 MB' : `${size / 1000} kB`} of groups)`,
      ours: ns(result.ours),
      base: `JSON.parse ${ns(result.base)}`,
      ratio: times(result.ratio),
      target: '—',
      result: 'info',
    })
  }
  const spread = Math.max(...ratios) / Math.min(...ratios)
  const growth = perByte[perByte.length - 1]! / perByte[1]!
  rows.push({
    metric: 'scaling: ratio spread, max/min over 1 kB → 1 MB',
    ours: `${spread.toFixed(2)} (ns/byte 10 kB→1 MB: ×${growth.toFixed(2)})`,
    base: 'JSON.parse at each size',
    ratio: `${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}×`,
    target: 'flat: spread ≤ 1.5',
    result: verdict(spread <= 1.5),
  })
  return rows
}
