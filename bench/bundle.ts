import { build as esbuild } from 'esbuild'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build as vite } from 'vite'
import { betterAuth, installPeer, type Installed } from './peers.js'
import { times, verdict, type Row } from './report.js'

/**
 * What an app's bundle pays for the sign-in: bench/sign-in-entry.jsx (the four names of the
 * issue, from the built package) bundled by the production bundlers, minified, with the app's
 * own peers external. zod is bundled: it is what the sign-in costs the app's users. The same
 * app that also signs out (bench/sign-in-out-entry.jsx) is measured beside better-auth's
 * client doing the same (bench/better-auth-entry.jsx, installed on demand: bench/peers.ts),
 * built by the same code.
 */
const signInEntry = resolve('bench/sign-in-entry.jsx')
const signInOutEntry = resolve('bench/sign-in-out-entry.jsx')
const outRoot = resolve('artifacts/bench/bundle')
const appPeers = ['react', 'react-dom', '@tanstack/react-query', 'axios']
/** "Performance, round 3": the sign-in, with or without the sign-out, in both bundlers. */
const targetBytes = 11_000

type Bundler = 'vite' | 'esbuild'

/** The stand-ins of the baseline: the app code stays the same, pixwel-react is gone. */
const stub = `export const PixwelProvider = ({ children }) => children
export const createPixwelClient = (options) => options
export const useSession = () => ({ status: 'signed-out' })
export const useCreateSession = () => ({ mutate() {}, isPending: false, error: null })
export const useSignOut = () => () => {}
`

interface Bundle {
  /** Sum of the gzip sizes (level 9) of every emitted JS chunk, each gzipped on its own. */
  gzip: number
  minified: number
  chunks: number
}

/** One build: `entry`, its library's import resolved by `alias` (the real one or a stub). */
interface App {
  entry: string
  alias: Record<string, string>
  external: string[]
  /** Its output folder under artifacts/bench/bundle/. */
  name: string
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

async function bundle(bundler: Bundler, app: App): Promise<Bundle> {
  const outDir = join(outRoot, `${bundler}-${app.name}`)
  rmSync(outDir, { recursive: true, force: true })
  if (bundler === 'esbuild') {
    const result = await esbuild({
      entryPoints: [app.entry],
      bundle: true,
      minify: true,
      format: 'esm',
      splitting: true,
      outdir: outDir,
      write: false,
      jsx: 'automatic',
      alias: app.alias,
      external: app.external.flatMap((name) => [name, `${name}/*`]),
      logLevel: 'silent',
    })
    return measure(result.outputFiles.map((file) => ({ name: file.path, code: file.contents })))
  }
  // vite's build sets NODE_ENV=production for the whole process, which the sections after this
  // one (and the processes they start, such as Vitest for the renders) must not inherit.
  const nodeEnv = process.env.NODE_ENV
  try {
    await viteBuild(outDir, app)
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((name) =>
    /\.m?js$/.test(name),
  )
  return measure(files.map((name) => ({ name, code: readFileSync(join(outDir, name)) })))
}

async function viteBuild(outDir: string, app: App): Promise<void> {
  await vite({
    configFile: false,
    logLevel: 'silent',
    root: process.cwd(),
    mode: 'production',
    resolve: { alias: app.alias },
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      write: true,
      copyPublicDir: false,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: { input: app.entry, external: isExternal(app.external) },
    },
  })
}

/** What the library adds to `app`: the app built with it, less the app with its stub. */
async function cost(
  bundler: Bundler,
  app: App,
  stubAlias: Record<string, string>,
): Promise<{ cost: number; app: Bundle; base: Bundle }> {
  const base = await bundle(bundler, { ...app, alias: stubAlias, name: `${app.name}-stub` })
  const built = await bundle(bundler, app)
  return { cost: built.gzip - base.gzip, app: built, base }
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(2)} kB`
const target = `≤ ${(targetBytes / 1000).toFixed(1)} kB`
const appSize = (bundle: Bundle) =>
  `app ${kB(bundle.gzip)}, ${bundle.chunks} chunk${bundle.chunks === 1 ? '' : 's'}`

export async function bundleRows(): Promise<Row[]> {
  mkdirSync(outRoot, { recursive: true })
  writeFileSync(join(outRoot, 'stub.js'), stub)
  const ours = { 'pixwel-react': resolve('dist/index.js') }
  const stubbed = { 'pixwel-react': join(outRoot, 'stub.js') }
  const peer: Installed = installPeer(betterAuth)
  const peerName = peer.ok ? `better-auth/react ${peer.version}` : 'better-auth/react'
  const rows: Row[] = []
  for (const [bundler, label] of [
    ['vite', 'Vite 8 (Rolldown)'],
    ['esbuild', 'esbuild'],
  ] as const) {
    const signIn = { entry: signInEntry, alias: ours, external: appPeers, name: 'ours' }
    const withZod = await cost(bundler, signIn, stubbed)
    const own = await bundle(bundler, {
      ...signIn,
      external: [...appPeers, 'zod'],
      name: 'ours-zod-external',
    })
    const ownCost = own.gzip - withZod.base.gzip
    const signInOut = await cost(
      bundler,
      { entry: signInOutEntry, alias: ours, external: appPeers, name: 'sign-in-out' },
      stubbed,
    )
    const peerCost = peer.ok
      ? await cost(
          bundler,
          { entry: peer.entry, alias: {}, external: appPeers, name: `better-auth-${peer.version}` },
          { [betterAuth.module]: peer.stub },
        )
      : undefined
    rows.push(
      {
        metric: `bundle cost of the sign-in, ${label}, min+gzip: pixwel-react + zod`,
        ours: `${kB(withZod.cost)} (${appSize(withZod.app)})`,
        base: `same app, pixwel-react stubbed ${kB(withZod.base.gzip)}`,
        ratio: '—',
        target,
        result: verdict(withZod.cost <= targetBytes),
      },
      {
        metric: `↳ split (${label}): pixwel-react's own code / zod`,
        ours: `${kB(ownCost)} / ${kB(withZod.cost - ownCost)}`,
        base: 'own code: built with zod external too',
        ratio: '—',
        target: '—',
        result: 'info',
      },
      {
        metric: `bundle cost of sign-in + user + sign-out, ${label}, min+gzip: pixwel-react + zod`,
        ours: `${kB(signInOut.cost)} (${appSize(signInOut.app)})`,
        base: peerCost ? `${peerName}, same app: ${kB(peerCost.cost)}` : `${peerName}: n/a (below)`,
        ratio: peerCost ? times(signInOut.cost / peerCost.cost) : '—',
        target,
        result: verdict(signInOut.cost <= targetBytes),
      },
      peerCost
        ? {
            metric: `↳ peer (${label}): ${peerName}, sign-in + user + sign-out (no validation)`,
            ours: `${kB(peerCost.cost)} (${appSize(peerCost.app)})`,
            base: `same app, better-auth stubbed ${kB(peerCost.base.gzip)}`,
            ratio: '—',
            target: 'the ratio above: < 1.00×',
            result: 'info',
          }
        : {
            metric: `↳ peer (${label}): ${peerName}, sign-in + user + sign-out`,
            ours: 'n/a',
            base: peer.ok ? '—' : peer.reason,
            ratio: '—',
            target: 'the ratio above: < 1.00×',
            result: 'n/a',
          },
    )
  }
  return rows
}
