/**
 * The built package as React Server Components see it (`npm test` builds before it tests):
 * the hooks entry is a client module, and `pixwel-react/core` imports no React at all, also
 * under Node's `react-server` condition, as Next.js server code resolves it.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const dist = fileURLToPath(new URL('../../dist/', import.meta.url))

/** Every module a built file reaches through its relative imports, itself included. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen
  seen.add(file)
  const code = readFileSync(`${dist}${file}`, 'utf8')
  for (const match of code.matchAll(/from\s*["']\.\/([^"']+)["']/g)) reachable(match[1]!, seen)
  return seen
}

function bareImports(file: string): string[] {
  const code = readFileSync(`${dist}${file}`, 'utf8')
  return [...code.matchAll(/from\s*["']([^."'][^"']*)["']/g)].map((match) => match[1]!)
}

describe('the built entries', () => {
  it("the hooks entry starts with 'use client'", () => {
    expect(readFileSync(`${dist}index.js`, 'utf8')).toMatch(/^["']use client["'];?\n/)
  })

  it('pixwel-react/core and every chunk it loads import no React', () => {
    const modules = [...reachable('core.js')]
    expect(modules.length).toBeGreaterThan(1)
    const imported = new Set(modules.flatMap(bareImports))
    expect([...imported].filter((name) => /react/.test(name))).toEqual([])
    expect(readFileSync(`${dist}core.js`, 'utf8')).not.toMatch(/use client/)
  })

  it('pixwel-react/core imports under --conditions=react-server, with the client, schemas and errors', () => {
    const script = `
      const core = await import('pixwel-react/core')
      const client = core.createPixwelClient({ baseURL: 'https://api.pixwel.test/api' })
      const error = new core.PixwelError('timeout', 'x')
      console.log(JSON.stringify({
        exports: Object.keys(core).sort(),
        client: typeof client.createSession,
        guard: core.isPixwelError(error),
        parsed: core.parseSession({ _id: 'a' }).id,
      }))`
    const output = execFileSync(
      process.execPath,
      ['--conditions=react-server', '--input-type=module', '-e', script],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), encoding: 'utf8' },
    )
    const result = JSON.parse(output) as {
      exports: string[]
      client: string
      guard: boolean
      parsed: string
    }
    expect(result.exports).toEqual(
      expect.arrayContaining([
        'createPixwelClient',
        'parseSession',
        'PixwelError',
        'isPixwelError',
        'sessionSchema',
        'sessionResponseSchema',
        'preferencesSchema',
      ]),
    )
    expect(result.exports).not.toContain('PixwelProvider')
    expect(result).toMatchObject({ client: 'function', guard: true, parsed: 'a' })
  })
})
