/**
 * The README's "Public API" tables list every export of each entry, values and types alike,
 * and nothing else: they are compared with the built entries' declarations (`npm test` builds
 * first), so a new export without a row fails here, naming it.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** What an entry exports, as an app's compiler sees it in the built declarations. */
function exportsOf(declarations: string): string[] {
  const file = `${root}dist/${declarations}`
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    skipLibCheck: true,
  })
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!
  return checker
    .getExportsOfModule(module)
    .map((symbol) => symbol.getName())
    .sort()
}

/**
 * The names in the first column of the table under `### \`<entry>\`` in the Public API section:
 * each backticked name (`createPixwelClient(options?)` names `createPixwelClient`).
 */
function tableNames(entry: string): string[] {
  const readme = readFileSync(`${root}README.md`, 'utf8')
  const api = readme.slice(readme.indexOf('\n## Public API\n'))
  const section = api.split(/\n(?=##)/).find((part) => part.startsWith(`### \`${entry}\``))
  if (!section) throw new Error(`README.md has no "### \`${entry}\`" table under Public API`)
  const names = section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\| -/.test(line))
    .slice(1) // the header row
    .flatMap((line) => [...line.split(' | ')[0]!.matchAll(/`([A-Za-z_$][\w$]*)/g)])
    .map((match) => match[1]!)
  return [...new Set(names)].sort()
}

/** Both ways, so that the failure says which names to add and which to remove. */
function compare(documented: string[], exported: string[]) {
  return {
    'exported, but missing from the table (add a row)': exported.filter(
      (name) => !documented.includes(name),
    ),
    'in the table, but not exported (remove it)': documented.filter(
      (name) => !exported.includes(name),
    ),
  }
}

const inSync = {
  'exported, but missing from the table (add a row)': [],
  'in the table, but not exported (remove it)': [],
}

describe('the Public API tables of README.md', () => {
  const core = exportsOf('core.d.ts')

  it('list every export of pixwel-react/core', () => {
    expect(core.length).toBeGreaterThan(40)
    expect(compare(tableNames('pixwel-react/core'), core)).toEqual(inSync)
  })

  it('list every export pixwel-react adds to pixwel-react/core (it re-exports all of core)', () => {
    const hooks = exportsOf('index.d.ts')
    expect(core.filter((name) => !hooks.includes(name))).toEqual([])
    const added = hooks.filter((name) => !core.includes(name))
    expect(added).toContain('PixwelProvider')
    expect(compare(tableNames('pixwel-react'), added)).toEqual(inSync)
  })

  it('list every export of pixwel-react/testing', () => {
    expect(compare(tableNames('pixwel-react/testing'), exportsOf('testing/index.d.ts'))).toEqual(
      inSync,
    )
  })
})

describe('the Public API section of README.md', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8')
  const api = readme.slice(readme.indexOf('\n## Public API\n'), readme.indexOf('\n### `'))

  it('says the package is ESM only, as the package check (attw --profile esm-only) holds it', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
      type: string
      scripts: Record<string, string>
    }
    expect(pkg.type).toBe('module')
    expect(pkg.scripts['check:package']).toContain('attw --pack . --profile esm-only')
    expect(api).toMatch(/\*\*ESM only\*\*/)
    expect(api).toContain('attw --pack . --profile esm-only')
  })

  it('says what signOut() does not do: no sign-out endpoint, tokens revoked in Pixwel', () => {
    expect(api).toMatch(/What `signOut\(\)` does, and does not/)
    expect(api).toMatch(/no sign-out\s+endpoint/)
    expect(api).toMatch(/revoke their tokens in Pixwel/)
  })
})
