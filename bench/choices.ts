// Why parseSession is a walk over the contract and not a zod parse: the same wire schema in
// classic zod (its JIT fast path) and in zod/mini, against parseSession, which also maps to the
// domain and removes the hash. Both zod schemas are built from the same contract
// (src/schemas/sessionContract.ts) as the package's own.
import * as classic from 'zod'
import { sessionContract } from '../src/schemas/sessionContract.js'
import type { Field } from '../src/schemas/field.js'
import { realisticBody } from './fixtures.js'
import { paired } from './measure.js'
import type { Package } from './package.js'
import { ns, times, type Row } from './report.js'

function classicWire(described: Field): classic.ZodType {
  switch (described.kind) {
    case 'string':
      return classic.string()
    case 'boolean':
      return classic.boolean()
    case 'integer':
      return classic.int()
    case 'unknown':
      return classic.unknown()
    case 'list':
      return classic.array(classicWire(described.item))
    case 'object':
      return classic.object(
        Object.fromEntries(
          Object.entries(described.fields).map(([key, value]) => [
            key,
            classicWire(value).optional(),
          ]),
        ),
      )
  }
}

export function choiceRows(lib: Package): Row[] {
  const text = JSON.stringify(realisticBody())
  const copies = Array.from({ length: 16 }, () => JSON.parse(text) as unknown)
  let next = 0
  const body = () => copies[next++ % 16]
  const wire = classicWire(sessionContract)
  const rows: Row[] = []
  const variants: [string, () => unknown][] = [
    ['parseSession (validates, maps, removes the hash)', () => lib.parseSession(body())],
    ['classic zod: wire schema safeParse only (JIT)', () => wire.safeParse(body())],
    [
      'zod/mini: sessionResponseSchema.safeParse only',
      () => lib.sessionResponseSchema.safeParse(body()),
    ],
  ]
  for (const [label, run] of variants) {
    const result = paired(run, () => JSON.parse(text))
    rows.push({
      metric: `schema choice (realistic, ${(text.length / 1024).toFixed(1)} kB): ${label}`,
      ours: ns(result.ours),
      base: `JSON.parse ${ns(result.base)}`,
      ratio: times(result.ratio),
      target: '— (the walk chosen)',
      result: 'info',
    })
  }
  return rows
}
