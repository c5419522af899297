/**
 * The published types, as an app sees them, under the oldest TypeScript the README claims (5.5)
 * and the newest (7.0): `test/compat/typescript/consumer.tsx` imports the three entries and is
 * type-checked with skipLibCheck off, so the .d.ts files themselves are checked too. `npm test`
 * builds first and installs both compilers (scripts/install-compat.mjs).
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const compat = fileURLToPath(new URL('../compat/typescript/', import.meta.url))

describe('the published types', () => {
  it.each(['typescript-oldest', 'typescript-newest'])(
    'type-check in an app with %s',
    (compiler) => {
      const run = spawnSync(
        process.execPath,
        [`${compat}node_modules/${compiler}/bin/tsc`, '-p', `${compat}tsconfig.json`],
        { encoding: 'utf8' },
      )
      expect(`${run.stdout}${run.stderr}`).toBe('')
      expect(run.status).toBe(0)
    },
    120_000,
  )
})
