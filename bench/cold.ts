import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { specExample } from './fixtures.js'
import { quantile, summaryQuantile } from './measure.js'
import { distIndexURL } from './package.js'
import { ms, times, verdict, type Row } from './report.js'

/**
 * What a fresh process runs. The peer dependencies the package imports (zod, axios, React,
 * React Query) are loaded first and left out of the timing unless FULL is set: an app loads
 * them anyway. The timed part is importing the package (which builds its schemas) and parsing
 * one body, or, for the baseline, JSON.parse alone.
 */
const child = `
const env = process.env
if (env.JITLESS) (await import('zod')).z.config({ jitless: true })
if (!env.FULL) await Promise.all(JSON.parse(env.PEERS).map((peer) => import(peer)))
const start = performance.now()
let imported = start
if (env.OURS) {
  const lib = await import(env.DIST)
  imported = performance.now()
  lib.parseSession(JSON.parse(env.BODY))
} else {
  JSON.parse(env.BODY)
}
const end = performance.now()
process.stdout.write(JSON.stringify([end - start, imported - start]))
`

/** The bare specifiers dist/index.js imports. */
function peers(): string[] {
  const source = readFileSync(new URL(distIndexURL), 'utf8')
  return [...new Set([...source.matchAll(/from\s*["']([^"'./][^"']*)["']/g)].map((m) => m[1]!))]
}

type Variant = 'base' | 'ours' | 'jitless' | 'full' | 'fullBase'

const variants: Record<Variant, Record<string, string>> = {
  base: {},
  ours: { OURS: '1' },
  jitless: { OURS: '1', JITLESS: '1' },
  full: { OURS: '1', FULL: '1' },
  fullBase: { FULL: '1' },
}

export function coldRows(runs = 15): Row[] {
  const env = {
    ...process.env,
    PEERS: JSON.stringify(peers()),
    DIST: distIndexURL,
    BODY: JSON.stringify(specExample()),
  }
  const names = Object.keys(variants) as Variant[]
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    Variant,
    number[]
  >
  const imports: number[] = []
  // One discarded round first (file cache, first spawn), then rounds with a rotating order.
  for (let round = -1; round < runs; round++) {
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + Math.max(round, 0)) % names.length]!
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', child], {
        env: { ...env, ...variants[name] },
        encoding: 'utf8',
      })
      const [total, importing] = JSON.parse(output) as [number, number]
      if (round < 0) continue
      samples[name].push(total)
      if (name === 'ours') imports.push(importing)
    }
  }
  const m = (name: Variant) => quantile(samples[name], summaryQuantile)
  return [
    {
      metric: 'cold parse: fresh process, import package + build schemas + parse once',
      ours: ms(m('ours')),
      base: `JSON.parse only ${ms(m('base'))}`,
      ratio: times(m('ours') / m('base')),
      target: '≤ 2 ms absolute',
      result: verdict(m('ours') <= 2),
    },
    {
      metric: '↳ of which importing the package (building its zod schemas)',
      ours: ms(quantile(imports, summaryQuantile)),
      base: '—',
      ratio: '—',
      target: '—',
      result: 'info',
    },
    {
      metric: '↳ same, with z.config({ jitless: true })',
      ours: ms(m('jitless')),
      base: `JSON.parse only ${ms(m('base'))}`,
      ratio: times(m('jitless') / m('base')),
      target: '—',
      result: 'info',
    },
    {
      metric: '↳ same, peers (zod, axios, React, React Query) not preloaded',
      ours: ms(m('full')),
      base: `JSON.parse only ${ms(m('fullBase'))}`,
      ratio: times(m('full') / m('fullBase')),
      target: '—',
      result: 'info',
    },
  ]
}
