import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import ts from 'typescript'
import { verdict, type Row } from './report.js'

interface SizeResult {
  name: string
  passed?: boolean
  size: number
  sizeLimit?: number
}

const peers = Object.keys(
  (JSON.parse(readFileSync('package.json', 'utf8')) as { peerDependencies: object })
    .peerDependencies,
)

/** The same check as `npm run size` (size-limit, .size-limit.js), read as JSON. */
function sizeLimit(): SizeResult[] {
  let output: string
  try {
    output = execFileSync('npx', ['size-limit', '--json'], { encoding: 'utf8', stdio: 'pipe' })
  } catch (error) {
    // size-limit exits non-zero when a budget is exceeded; the JSON is still on stdout.
    const stdout = (error as { stdout?: string }).stdout
    if (!stdout?.trim().startsWith('[')) throw error
    output = stdout
  }
  return JSON.parse(output.slice(0, output.lastIndexOf(']') + 1)) as SizeResult[]
}

/** min+gzip (level 9, as size-limit) of `source` bundled from the repository root. */
async function minGzip(source: string, names = false): Promise<{ gzip: number; code: string }> {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minifySyntax: true,
    minifyWhitespace: true,
    minifyIdentifiers: !names,
    format: 'esm',
    write: false,
    external: peers.flatMap((peer) => [peer, `${peer}/*`]),
    jsx: 'automatic',
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]!.text
  return { gzip: gzipSync(code, { level: 9 }).length, code }
}

/** The same code with every string of 20 characters or more (messages, URLs) cut to one. */
function withoutLongStrings(code: string): string {
  const file = ts.createSourceFile(
    'bundle.js',
    code,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.JS,
  )
  const cuts: [number, number, string][] = []
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) && node.text.length >= 20) {
      cuts.push([node.getStart(file), node.getEnd(), '"x"'])
    } else if (ts.isNoSubstitutionTemplateLiteral(node) && node.text.length >= 20) {
      cuts.push([node.getStart(file), node.getEnd(), '`x`'])
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)]
      if (parts.join('').length >= 20) {
        cuts.push([node.head.getStart(file) + 1, node.head.getEnd() - 2, 'x'])
        for (const span of node.templateSpans) {
          const literal = span.literal
          const closing = ts.isTemplateTail(literal) ? 1 : 2
          cuts.push([literal.getStart(file) + 1, literal.getEnd() - closing, 'x'])
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  let out = code
  for (const [start, end, text] of cuts.sort((a, b) => b[0] - a[0])) {
    out = out.slice(0, start) + text + out.slice(end)
  }
  return out
}

/**
 * What each layer adds to `.`: the public exports of src/core.ts and src/index.ts up to and including that
 * layer, bundled like size-limit does, measured one layer at a time.
 */
async function layerRows(): Promise<Row[]> {
  // `.` re-exports `./core` (errors, schemas, api) beside the hooks.
  const exports = ['src/core.ts', 'src/index.ts']
    .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
    .filter((line) => line.startsWith('export {'))
  const layers = ['errors', 'schemas', 'api', 'hooks']
  const sizes: number[] = []
  let full = ''
  for (let index = 0; index < layers.length; index++) {
    const included = layers.slice(0, index + 1)
    const source = exports
      .filter((line) => included.some((layer) => line.includes(`'./${layer}/`)))
      .map((line) => line.replace(/'\.\//, "'./src/"))
      .join('\n')
    const measured = await minGzip(source)
    sizes.push(measured.gzip)
    full = measured.code
  }
  const strings = sizes.at(-1)! - gzipSync(withoutLongStrings(full), { level: 9 }).length
  const added = layers.map((layer, index) => `${layer} ${sizes[index]! - (sizes[index - 1] ?? 0)}`)
  return [
    {
      metric: "↳ pixwel-react's own code by layer, bytes added (min+gzip, from src/, zod external)",
      ours: added.join(', '),
      base: `total ${sizes.at(-1)}`,
      ratio: '—',
      target: '—',
      result: 'info',
    },
    {
      metric: '↳ of which strings of 20+ characters (messages, URLs)',
      ours: `${strings} B`,
      base: '—',
      ratio: '—',
      target: '—',
      result: 'info',
    },
  ]
}

/**
 * The budget `npm run size` enforces (size-limit, `.size-limit.js`: the sign-in entry bundled
 * by esbuild, zod included), then what `.`'s own code weighs, layer by layer.
 */
export async function sizeRows(): Promise<Row[]> {
  const rows = sizeLimit().map((result): Row => ({
    metric: `size-limit (npm run size): ${result.name}`,
    ours: `${(result.size / 1000).toFixed(2)} kB`,
    base: '—',
    ratio: '—',
    target:
      result.sizeLimit === undefined
        ? '— (not budgeted)'
        : `budget ${(result.sizeLimit / 1000).toFixed(2)} kB, no test kit`,
    result: result.sizeLimit === undefined ? 'info' : verdict(result.passed === true),
  }))
  return [...rows, ...(await layerRows())]
}

/**
 * The declarations of src/ that cost `.` the most: each top-level declaration of the bundle
 * (identifiers kept, so they can be named) removed in turn, and the min+gzip size it saves.
 */
export async function sizeBreakdown(count = 20): Promise<string> {
  const { code, gzip } = await minGzip("export * from './src/index.ts'", true)
  const file = ts.createSourceFile(
    'bundle.js',
    code,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.JS,
  )
  const parts: { name: string; start: number; end: number }[] = []
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length > 1) {
      for (const declaration of statement.declarationList.declarations) {
        parts.push({
          name: declaration.name.getText(file),
          start: declaration.getStart(file),
          end: declaration.getEnd(),
        })
      }
    } else if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) {
      const named = statement as ts.Node & { name?: ts.Node }
      const name =
        named.name?.getText(file) ??
        (ts.isVariableStatement(statement)
          ? statement.declarationList.declarations[0]!.name.getText(file)
          : statement.getText(file).slice(0, 30))
      parts.push({ name, start: statement.getStart(file), end: statement.getEnd() })
    }
  }
  const saved = parts.map((part) => ({
    name: part.name,
    bytes: gzip - gzipSync(code.slice(0, part.start) + code.slice(part.end), { level: 9 }).length,
  }))
  saved.sort((a, b) => b.bytes - a.bytes)
  const lines = saved.slice(0, count).map((part) => `| \`${part.name}\` | ${part.bytes} |`)
  return [
    `The ${count} declarations whose removal saves the most (min+gzip, identifiers kept, so the`,
    `sizes run slightly above the minified ones; ${gzip} B in all):`,
    '',
    '| declaration | bytes saved without it |',
    '| --- | --- |',
    ...lines,
  ].join('\n')
}
