import { build as esbuild } from 'esbuild'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build as vite } from 'vite'
import { verdict, type Row } from './report.js'

/**
 * What an app's bundle pays for the sign-in: bench/sign-in-entry.jsx (the four names of the
 * issue, from the built package) bundled by the production bundlers, minified, with the app's
 * own peers external. zod is bundled: it is what the sign-in costs the app's users.
 */
const entry = resolve('bench/sign-in-entry.jsx')
const outRoot = resolve('artifacts/bench/bundle')
const appPeers = ['react', 'react-dom', '@tanstack/react-query', 'axios']
const targetBytes = 15_000

type Bundler = 'vite' | 'esbuild'
/** `ours`: pixwel-react from dist/; `stub`: the same app with four one-line stand-ins. */
type Variant = 'ours' | 'stub'

/** The stand-ins of the baseline: the app code stays the same, pixwel-react is gone. */
const stub = `export const PixwelProvider = ({ children }) => children
export const createPixwelClient = (options) => options
export const useSession = () => ({ status: 'signed-out' })
export const useCreateSession = () => ({ mutate() {}, isPending: false, error: null })
`

interface Bundle {
  /** Sum of the gzip sizes (level 9) of every emitted JS chunk, each gzipped on its own. */
  gzip: number
  minified: number
  chunks: number
}

function measure(files: { name: string; code: Uint8Array | string }[]): Bundle {
  const js = files.filter((file) => /\.m?js$/.test(file.name))
  return {
    gzip: js.reduce((sum, file) => sum + gzipSync(file.code, { level: 9 }).length, 0),
    minified: js.reduce((sum, file) => sum + Buffer.byteLength(file.code), 0),
    chunks: js.length,
  }
}

const isExternal = (external: string[]) => (id: string) =>
  external.some((name) => id === name || id.startsWith(`${name}/`))

async function bundle(bundler: Bundler, variant: Variant, zodExternal: boolean): Promise<Bundle> {
  const target = variant === 'ours' ? resolve('dist/index.js') : join(outRoot, 'stub.js')
  const external = zodExternal ? [...appPeers, 'zod'] : appPeers
  const outDir = join(outRoot, `${bundler}-${variant}${zodExternal ? '-zod-external' : ''}`)
  rmSync(outDir, { recursive: true, force: true })
  if (bundler === 'esbuild') {
    const result = await esbuild({
      entryPoints: [entry],
      bundle: true,
      minify: true,
      format: 'esm',
      splitting: true,
      outdir: outDir,
      write: false,
      jsx: 'automatic',
      alias: { 'pixwel-react': target },
      external: external.flatMap((name) => [name, `${name}/*`]),
      logLevel: 'silent',
    })
    return measure(result.outputFiles.map((file) => ({ name: file.path, code: file.contents })))
  }
  // vite's build sets NODE_ENV=production for the whole process, which the sections after this
  // one (and the processes they start, such as Vitest for the renders) must not inherit.
  const nodeEnv = process.env.NODE_ENV
  try {
    await viteBuild(outDir, target, external)
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((name) =>
    /\.m?js$/.test(name),
  )
  return measure(files.map((name) => ({ name, code: readFileSync(join(outDir, name)) })))
}

async function viteBuild(outDir: string, target: string, external: string[]): Promise<void> {
  await vite({
    configFile: false,
    logLevel: 'silent',
    root: process.cwd(),
    mode: 'production',
    resolve: { alias: { 'pixwel-react': target } },
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      write: true,
      copyPublicDir: false,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: { input: entry, external: isExternal(external) },
    },
  })
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`

export async function bundleRows(): Promise<Row[]> {
  mkdirSync(outRoot, { recursive: true })
  writeFileSync(join(outRoot, 'stub.js'), stub)
  const rows: Row[] = []
  for (const [bundler, label] of [
    ['vite', 'Vite 8 (Rolldown)'],
    ['esbuild', 'esbuild'],
  ] as const) {
    const base = await bundle(bundler, 'stub', false)
    const ours = await bundle(bundler, 'ours', false)
    const own = await bundle(bundler, 'ours', true)
    const cost = ours.gzip - base.gzip
    const ownCost = own.gzip - base.gzip
    rows.push(
      {
        metric: `bundle cost of the sign-in, ${label}, min+gzip: pixwel-react + zod`,
        ours: `${kB(cost)} (app ${kB(ours.gzip)}, ${ours.chunks} chunk${ours.chunks === 1 ? '' : 's'})`,
        base: `same app, pixwel-react stubbed ${kB(base.gzip)}`,
        ratio: '—',
        target: `≤ ${kB(targetBytes).replace('.00', '')}`,
        result: verdict(cost <= targetBytes),
      },
      {
        metric: `↳ split (${label}): pixwel-react's own code / zod`,
        ours: `${kB(ownCost)} / ${kB(cost - ownCost)}`,
        base: 'own code: built with zod external too',
        ratio: '—',
        target: '—',
        result: 'info',
      },
    )
  }
  return rows
}
