import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * The peers the bench compares with, each installed on demand into a folder of its own under
 * artifacts/bench/peers/ (as the Next example's test installs `next`), never as a dependency
 * of this package. The app's entry is copied into that folder, so that its imports resolve to
 * the peer installed there. Delete the folder (or set BENCH_PEERS_REINSTALL=1) to take the
 * newest version of the range again.
 */
export interface Peer {
  /** The package the app imports from, and the range installed. */
  name: string
  range: string
  /** The app, in bench/: the same app as bench/sign-in-out-entry.jsx. */
  entry: string
  /** The module the app imports, and its stand-in for the baseline (the app's code stays). */
  module: string
  stub: string
}

export const betterAuth: Peer = {
  name: 'better-auth',
  range: '1',
  entry: 'bench/better-auth-entry.jsx',
  module: 'better-auth/react',
  stub: `export const createAuthClient = () => ({
  useSession: () => ({ data: null, isPending: false }),
  signIn: { email: async () => ({ data: null, error: null }) },
  signOut: async () => ({ data: null, error: null }),
})
`,
}

export type Installed =
  { ok: true; version: string; entry: string; stub: string } | { ok: false; reason: string }

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** Installs `peer` (once) and returns where its app's entry and stub are. Never throws. */
export function installPeer(peer: Peer): Installed {
  const folder = resolve('artifacts/bench/peers', peer.name)
  const manifest = join(folder, 'node_modules', peer.name, 'package.json')
  try {
    mkdirSync(folder, { recursive: true })
    if (!existsSync(manifest) || process.env.BENCH_PEERS_REINSTALL === '1') {
      // A package.json of its own, so that npm installs here and not in the repository.
      writeFileSync(
        join(folder, 'package.json'),
        `${JSON.stringify({ name: `bench-peer-${peer.name}`, private: true }, null, 2)}\n`,
      )
      // No install scripts, no peers (the app's React is external to the bundle anyway).
      execFileSync(
        npm,
        [
          'install',
          '--no-save',
          '--no-package-lock',
          '--no-fund',
          '--no-audit',
          '--legacy-peer-deps',
          '--ignore-scripts',
          '--loglevel=error',
          '--prefix',
          folder,
          `${peer.name}@${peer.range}`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000, encoding: 'utf8' },
      )
    }
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
    const entry = join(folder, 'entry.jsx')
    copyFileSync(resolve(peer.entry), entry)
    const stub = join(folder, 'stub.js')
    writeFileSync(stub, peer.stub)
    return { ok: true, version, entry, stub }
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? ''
    const line =
      stderr
        .split('\n')
        .map((text) => text.trim())
        .find((text) => /ERR!|error/i.test(text)) ?? (error as Error).message.split('\n')[0]
    return { ok: false, reason: `could not install ${peer.name}@${peer.range}: ${line}` }
  }
}
