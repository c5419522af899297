import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { realisticBody } from './fixtures.js'
import { quantile, summaryQuantile } from './measure.js'
import { distIndexURL } from './package.js'
import { ms, times, verdict, type Row } from './report.js'

/**
 * What a fresh process runs. The peer dependencies the package imports (zod, axios, React,
 * React Query) are loaded first and left out of the timing: an app loads them anyway. Then it
 * times the import of TARGET (the package, or its inert stand-in), and for the package, with
 * PARSE set, one `parseSession` of the realistic body (parsed from JSON beforehand), after
 * `warmSessionParser()` if WARM is set, and then the warm parse of the same process: batches
 * of 10 parses after 500 discarded ones, the 10th percentile of 40 batches.
 */
const child = `
const env = process.env
await Promise.all(JSON.parse(env.PEERS).map((peer) => import(peer)))
const text = env.BODY
const body = JSON.parse(text)
const out = {}
let start = performance.now()
const lib = await import(env.TARGET)
out.import = performance.now() - start
if (env.PARSE) {
  if (env.WARM) {
    if (typeof lib.warmSessionParser !== 'function') {
      process.stdout.write(JSON.stringify({ missing: true }))
      process.exit(0)
    }
    start = performance.now()
    lib.warmSessionParser()
    out.warming = performance.now() - start
  }
  start = performance.now()
  lib.parseSession(body)
  out.first = performance.now() - start
  const copies = Array.from({ length: 16 }, () => JSON.parse(text))
  for (let i = 0; i < 500; i++) lib.parseSession(copies[i % 16])
  const batches = []
  for (let b = 0; b < 40; b++) {
    start = performance.now()
    for (let i = 0; i < 10; i++) lib.parseSession(copies[i])
    batches.push((performance.now() - start) / 10)
  }
  batches.sort((a, b) => a - b)
  out.warm = batches[Math.ceil(${summaryQuantile} * batches.length) - 1]
}
process.stdout.write(JSON.stringify(out))
`

interface ChildResult {
  import: number
  first?: number
  warming?: number
  warm?: number
  missing?: true
}

/** The bare specifiers the package's modules import. */
function peers(files: string[]): string[] {
  const names = files.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*["']([^"'./][^"']*)["']/g)].map(
      (match) => match[1]!,
    ),
  )
  return [...new Set(names)]
}

/** dist/index.js and every module of dist/ it imports, directly or not. */
function moduleGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  const visit = (file: string) => {
    if (graph.has(file)) return
    const source = readFileSync(file, 'utf8')
    const local = [...source.matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)].map(
      (match) => resolve(dirname(file), match[1]!),
    )
    graph.set(file, local)
    local.forEach(visit)
  }
  visit(entry)
  return graph
}

/**
 * A stand-in for each module of the package: the same byte size, the same imports (of each
 * other and of the peers), and otherwise inert function declarations, which the engine
 * pre-parses and never runs. Importing it costs what loading that much code costs, and
 * nothing more: no schema is built, no class defined, no top-level code run.
 */
function writeInertMirror(graph: Map<string, string[]>, directory: string): string {
  rmSync(directory, { recursive: true, force: true })
  mkdirSync(directory, { recursive: true })
  const name = (file: string) => `inert-${basename(file)}`
  for (const [file, local] of graph) {
    const size = readFileSync(file).length
    let code =
      [
        ...local.map((dependency) => `import './${name(dependency)}'`),
        ...peers([file]).map((peer) => `import '${peer}'`),
      ].join('\n') + '\n'
    for (let index = 0; code.length < size - 60; index++) {
      code += `function inert${index}(value) { return value === ${index} ? null : value }\n`
    }
    code += `//${' '.repeat(Math.max(0, size - code.length - 3))}\n`
    writeFileSync(join(directory, name(file)), code)
  }
  return pathToFileURL(join(directory, name(fileURLToPath(distIndexURL)))).href
}

type Kind = 'inert' | 'first' | 'warmed'

export function coldRows(runs = 15): Row[] {
  const graph = moduleGraph(fileURLToPath(distIndexURL))
  const files = [...graph.keys()]
  const bytes = files.reduce((sum, file) => sum + readFileSync(file).length, 0)
  const inertURL = writeInertMirror(graph, resolve('artifacts/bench/inert'))
  const env = {
    ...process.env,
    PEERS: JSON.stringify(peers(files)),
    BODY: JSON.stringify(realisticBody()),
  }
  const settings: Record<Kind, Record<string, string>> = {
    inert: { TARGET: inertURL },
    first: { TARGET: distIndexURL, PARSE: '1' },
    warmed: { TARGET: distIndexURL, PARSE: '1', WARM: '1' },
  }
  let kinds: Kind[] = ['inert', 'first', 'warmed']
  const results: Record<Kind, ChildResult[]> = { inert: [], first: [], warmed: [] }
  let missing = false
  // One discarded round first (file cache, first spawn), then rounds with a rotating order.
  for (let round = -1; round < runs; round++) {
    for (let index = 0; index < kinds.length; index++) {
      const kind = kinds[(index + Math.max(round, 0)) % kinds.length]!
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', child], {
        env: { ...env, ...settings[kind] },
        encoding: 'utf8',
      })
      const result = JSON.parse(output) as ChildResult
      if (result.missing) {
        missing = true
        kinds = kinds.filter((other) => other !== 'warmed')
        break
      }
      if (round >= 0) results[kind].push(result)
    }
  }
  const q = (kind: Kind, key: keyof ChildResult) =>
    quantile(
      results[kind].map((result) => result[key] as number),
      summaryQuantile,
    )
  const importOurs = q('first', 'import')
  const importInert = q('inert', 'import')
  const warm = q('first', 'warm')
  const first = q('first', 'first')
  const rows: Row[] = [
    {
      metric: `page load: import of the package (${files.length} modules, ${(bytes / 1000).toFixed(1)} kB), fresh process`,
      ours: ms(importOurs),
      base: `inert modules of the same sizes ${ms(importInert)}`,
      ratio: times(importOurs / importInert),
      target: '≤ 1.5×',
      result: verdict(importOurs / importInert <= 1.5),
    },
    {
      metric: '↳ first parseSession in a fresh process, not warmed (realistic, 10 kB)',
      ours: ms(first),
      base: `warm parse, same processes ${ms(warm)}`,
      ratio: times(first / warm),
      target: '—',
      result: 'info',
    },
  ]
  if (missing) {
    rows.push({
      metric: 'first parseSession after warmSessionParser(), fresh process (realistic, 10 kB)',
      ours: 'n/a — not exported',
      base: `warm parse, same processes ${ms(warm)}`,
      ratio: '—',
      target: 'retired (was ≤ 1.5× warm)',
      result: 'n/a',
    })
  } else {
    const warmed = q('warmed', 'first')
    const warmedWarm = q('warmed', 'warm')
    rows.push(
      {
        metric: 'first parseSession after warmSessionParser(), fresh process (realistic, 10 kB)',
        ours: ms(warmed),
        base: `warm parse, same processes ${ms(warmedWarm)}`,
        ratio: times(warmed / warmedWarm),
        // Retired by "Performance, round 3": V8 meeting the real objects for the first time.
        target: 'retired (was ≤ 1.5× warm)',
        result: 'info',
      },
      {
        metric: '↳ warmSessionParser() itself (when the browser is idle)',
        ours: ms(q('warmed', 'warming')),
        base: '—',
        ratio: '—',
        target: '—',
        result: 'info',
      },
    )
  }
  return rows
}
