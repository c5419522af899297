import { build } from 'esbuild'
import { relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

/** The app's own packages, as in the bundle rows: zod is bundled, the rest is the app's. */
const appPeers = ['react', 'react-dom', '@tanstack/react-query', 'axios']

/** The package an input of node_modules belongs to (`zod`, `@scope/name`), or null. */
function packageOf(path: string): string | null {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)
  return match ? match[1]! : null
}

/**
 * Where the sign-in's bytes are, per module: bench/sign-in-entry.jsx bundled by esbuild as the
 * bundle rows do (minified, the app's peers external, zod bundled), but against src/index.ts,
 * so that each module of src/ keeps its name; the metafile says how many bytes of the minified
 * output each one accounts for. Packages of node_modules are one line each.
 */
export async function moduleTable(): Promise<string> {
  const result = await build({
    entryPoints: [resolve('bench/sign-in-entry.jsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    outdir: resolve('artifacts/bench/modules'),
    jsx: 'automatic',
    alias: { 'pixwel-react': resolve('src/index.ts') },
    external: appPeers.flatMap((name) => [name, `${name}/*`]),
    logLevel: 'silent',
  })
  const file = result.outputFiles.find((output) => output.path.endsWith('.js'))!
  const output = Object.values(result.metafile.outputs).find((meta) => meta.entryPoint)!
  const total = file.contents.length
  const gzip = gzipSync(file.contents, { level: 9 }).length
  const bytes = new Map<string, number>()
  for (const [path, input] of Object.entries(output.inputs)) {
    if (input.bytesInOutput === 0) continue
    const name = packageOf(path) ?? relative(process.cwd(), resolve(path))
    bytes.set(name, (bytes.get(name) ?? 0) + input.bytesInOutput)
  }
  const counted = [...bytes.values()].reduce((sum, value) => sum + value, 0)
  const rows = [...bytes].sort((a, b) => b[1] - a[1])
  const share = (value: number) => `${((value / total) * 100).toFixed(1)} %`
  return [
    `The sign-in (\`bench/sign-in-entry.jsx\`) bundled by esbuild against \`src/\`, minified,`,
    `React, React Query and axios external, per module (esbuild's metafile): ${total} B minified,`,
    `${gzip} B min+gzip in all (gzip does not split by module). The rest of the output`,
    `(${total - counted} B) is esbuild's own: imports, exports, the glue between modules.`,
    '',
    '| module | minified bytes in output | share |',
    '| --- | --- | --- |',
    ...rows.map(([name, value]) => `| \`${name}\` | ${value} | ${share(value)} |`),
  ].join('\n')
}
