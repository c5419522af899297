/** `n/a`: a target that cannot be measured yet (what it needs is not in the package). */
export type Verdict = 'PASS' | 'FAIL' | 'n/a' | 'info'

export interface Row {
  metric: string
  ours: string
  base: string
  ratio: string
  target: string
  result: Verdict
}

export function ns(value: number): string {
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} ms`
  if (value >= 1e3) return `${(value / 1e3).toFixed(2)} µs`
  return `${value.toFixed(0)} ns`
}

export function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 3 : 1)} ms`
}

export function times(value: number): string {
  return `${value.toFixed(2)}×`
}

export function verdict(pass: boolean): Verdict {
  return pass ? 'PASS' : 'FAIL'
}

const headers = ['metric', 'ours', 'baseline (same run)', 'ratio', 'target', 'result'] as const

/** A Markdown table (which also reads well in a terminal). */
export function table(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.metric,
    row.ours,
    row.base,
    row.ratio,
    row.target,
    row.result,
  ])
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((cell) => cell[column]!.length)),
  )
  const line = (values: readonly string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`
  return [
    line(headers),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.map((cell) => line(cell)),
  ].join('\n')
}
