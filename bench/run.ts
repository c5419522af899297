// `npm run bench`: builds the package, runs every benchmark against its same-run baseline,
// prints the table and writes it into BENCHMARKS.md with the machine it ran on.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, release, type } from 'node:os'
import { format, resolveConfig } from 'prettier'
import { bundleRows } from './bundle.js'
import { coldRows } from './cold.js'
import { endToEndRows } from './endToEnd.js'
import { interceptorRows } from './interceptors.js'
import { choiceRows } from './choices.js'
import { moduleTable } from './modules.js'
import { memoryRows } from './longDay.js'
import { loadPackage } from './package.js'
import { scalingRows, warmParseRows } from './parse.js'
import { renderRows } from './renders.js'
import { table, type Row } from './report.js'
import { sizeBreakdown, sizeRows } from './size.js'
import { tabRows } from './tabs.js'

/** Replaces what lies between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`. */
function replaceSection(document: string, name: string, content: string): string {
  const begin = `<!-- bench:${name}:start -->`
  const end = `<!-- bench:${name}:end -->`
  const from = document.indexOf(begin)
  const to = document.indexOf(end)
  if (from === -1 || to < from)
    throw new Error(`BENCHMARKS.md has lost its ${begin} / ${end} markers`)
  return `${document.slice(0, from + begin.length)}\n${content}\n${document.slice(to)}`
}

const lib = await loadPackage()
const started = performance.now()
const loadBefore = loadavg()

const sections: [string, () => Row[] | Promise<Row[]>][] = [
  ['bundle', bundleRows],
  ['warm parse', () => warmParseRows(lib)],
  ['page load', () => coldRows()],
  ['end-to-end', () => endToEndRows(lib)],
  ['interceptors', () => interceptorRows(lib)],
  ['renders', renderRows],
  ['size', sizeRows],
  ['scaling', () => scalingRows(lib)],
  ['schema choices', () => choiceRows(lib)],
  ['memory', memoryRows],
  ['tabs', tabRows],
]

// BENCH_ONLY=name,name runs some sections and leaves BENCHMARKS.md alone (for working on one).
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim())
// The bundle section runs last: Vite's build leaves a large heap and sets process-wide state,
// which the timed sections should not run after. The table keeps the order above.
const runFirst = sections.filter(([name]) => name !== 'bundle')
const runOrder = [...runFirst, ...sections.filter(([name]) => name === 'bundle')]
const bySection = new Map<string, Row[]>()
for (const [name, run] of runOrder) {
  if (only && !only.includes(name)) continue
  const sectionStart = performance.now()
  process.stderr.write(`bench: ${name}…`)
  bySection.set(name, await run())
  process.stderr.write(` ${((performance.now() - sectionStart) / 1000).toFixed(1)} s\n`)
}
const rows = sections.flatMap(([name]) => bySection.get(name) ?? [])

const cpu = cpus()
const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' ')
const machine = [
  `Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, ${type()} ${release()}.`,
  `Node ${process.version}. Load average ${load(loadBefore)} at the start, ${load(loadavg())} at the end.`,
  `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${((performance.now() - started) / 1000).toFixed(0)} s.`,
].join('\n')
const results = `${machine}\n\n${table(rows)}\n`
const count = (result: Row['result']) => rows.filter((row) => row.result === result).length
const summary = `${count('PASS')} targets met, ${count('FAIL')} missed, ${count('n/a')} not measurable yet.`

process.stdout.write(`\n${results}\n${summary}\n`)
if (only) process.exit(0)

const document = existsSync('BENCHMARKS.md')
  ? readFileSync('BENCHMARKS.md', 'utf8')
  : '# Benchmarks\n\n<!-- bench:results:start -->\n<!-- bench:results:end -->\n\n<!-- bench:size:start -->\n<!-- bench:size:end -->\n'
const updated = replaceSection(
  replaceSection(document, 'results', `${results}\n${summary}`),
  'size',
  `${await moduleTable()}\n\n${await sizeBreakdown()}`,
)
// Formatted as `npm run lint` expects, so a bench run leaves the tree lint-clean.
const prettier = (await resolveConfig('BENCHMARKS.md')) ?? {}
writeFileSync('BENCHMARKS.md', await format(updated, { ...prettier, filepath: 'BENCHMARKS.md' }))
