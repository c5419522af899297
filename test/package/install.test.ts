/**
 * Both install routes of the Quick start hand over a working package, from a checkout with no
 * `dist/`: a tarball made by `npm pack` in a fresh clone, and `npm install git+file://…` of a
 * local repository (npm clones it, installs its devDependencies and runs `prepare`). Each is
 * installed into a small app whose script imports both entries and signs in.
 *
 * The repository tested is this working tree as it stands (tracked and untracked files, not
 * the ignored ones: no `dist/`, no `node_modules/`), committed into a temporary git repository.
 * npm reuses its cache (`--prefer-offline`); the git route's devDependency install may still
 * need the registry for what the cache lacks.
 */
import { execFileSync, spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const npmFlags = ['--prefer-offline', '--no-audit', '--no-fund', '--loglevel=warn']
/** The peers an app installs beside pixwel-react (README, Quick start). */
const peers = ['react', '@tanstack/react-query', 'axios', 'zod']

/** The environment of `npm test`, without what npm and Vitest set for this run only. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_package_|npm_lifecycle_|npm_command$|npm_execpath$|INIT_CWD$)/.test(key)) continue
    if (/^(VITEST|NODE_ENV$|TEST$)/.test(key)) continue
    env[key] = value
  }
  return env
}

/** Runs a command to its end; rejects with its output when it fails. */
function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...childEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(output)
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${code}:\n${output}`))
    })
  })
}

/** The app: its package.json, and a script that uses both entries of the installed package. */
function makeApp(folder: string, allowScripts: Record<string, boolean> = {}): void {
  mkdirSync(folder, { recursive: true })
  writeFileSync(
    join(folder, 'package.json'),
    JSON.stringify({ name: 'app', private: true, type: 'module', allowScripts }),
  )
  writeFileSync(join(folder, 'app.mjs'), appScript)
}

const appScript = `
import { createPixwelClient, sealCredentials } from 'pixwel-react/core'

// The hooks entry resolves to a built file and loads (React is a peer, installed beside it).
const main = await import('pixwel-react')
const mainFile = import.meta.resolve('pixwel-react')

// A sign-in answered in memory: the client, the parser and the errors all run.
const adapter = async (config) => ({
  data: JSON.stringify({ _id: 'u1', name: 'Ada Lovelace', hasEnforced2fa: false, twofactorVerified: false }),
  status: 200,
  statusText: 'OK',
  headers: { 'content-type': 'application/json' },
  config,
  request: {},
})
const client = createPixwelClient({ baseURL: 'https://api.pixwel.test/api', adapter })
const session = await client.createSession({ token: 'pat_app_synthetic_token' })

console.log(JSON.stringify({
  mainFile: mainFile.slice(mainFile.indexOf('node_modules/')),
  provider: typeof main.PixwelProvider,
  useSession: typeof main.useSession,
  sealed: JSON.stringify(sealCredentials({ username: 'ada@example.com', password: 'x' })),
  name: session.name,
  status: client.getSession().status,
}))
`

/** What the app prints when the package works. */
const working = {
  mainFile: 'node_modules/pixwel-react/dist/index.js',
  provider: 'function',
  useSession: 'function',
  sealed: JSON.stringify({ method: 'basic', username: 'ada@example.com' }),
  name: 'Ada Lovelace',
  status: 'signed-in',
}

let work: string
/** A local git repository holding this working tree, as a fresh clone would see it. */
let repository: string

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'pixwel-install-'))
  repository = join(work, 'pixwel-react')
  mkdirSync(repository)
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: root, encoding: 'utf8' },
  )
    .split('\0')
    // A file deleted in the working tree but not yet in the index is not part of it.
    .filter((file) => file !== '' && existsSync(join(root, file)))
  // Copied in batches: one argument list for thousands of paths can be too long.
  for (let start = 0; start < files.length; start += 500) {
    execFileSync('cp', ['--parents', '-t', repository, ...files.slice(start, start + 500)], {
      cwd: root,
    })
  }
  const git = ['-c', 'user.name=test', '-c', 'user.email=test@example.com']
  await run('git', ['init', '-q', '-b', 'main'], repository)
  await run('git', ['add', '-A'], repository)
  await run('git', [...git, 'commit', '-q', '-m', 'snapshot'], repository)
}, 60_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('installing pixwel-react from this repository', () => {
  it('npm pack in a fresh clone makes a tarball with the built package, which an app installs and uses', async () => {
    const clone = join(work, 'clone')
    await run('git', ['clone', '-q', repository, clone], work)
    expect(existsSync(join(clone, 'dist'))).toBe(false)
    // The clone's devDependencies are this checkout's (the same lockfile): installing them
    // again would only repeat `npm ci`. The build itself runs in the clone.
    symlinkSync(join(root, 'node_modules'), join(clone, 'node_modules'), 'dir')
    const packs = join(work, 'packs')
    mkdirSync(packs)
    // Packed from inside a test run, as the Next example's test does (NODE_ENV and VITEST set):
    // the package is built for production anyway.
    await run('npm', ['pack', '--pack-destination', packs, '--loglevel=warn'], clone, {
      NODE_ENV: 'test',
      VITEST: 'true',
    })
    const [tarball] = readdirSync(packs)
    expect(tarball).toMatch(/^pixwel-react-.*\.tgz$/)
    const listing = execFileSync('tar', ['-tzf', join(packs, tarball!)], { encoding: 'utf8' })
    expect(listing).toMatch(/^package\/dist\/index\.js$/m)
    expect(listing).toMatch(/^package\/dist\/core\.d\.ts$/m)
    expect(listing).toMatch(/^package\/dist\/testing\.js$/m)

    const app = join(work, 'tarball-app')
    makeApp(app)
    await run('npm', ['install', ...npmFlags, join(packs, tarball!), ...peers], app)
    const output = await run(process.execPath, ['app.mjs'], app)
    expect(JSON.parse(output)).toEqual(working)
    // React's development-only JSX runtime would break the app in production.
    const built = join(app, 'node_modules/pixwel-react/dist')
    const files = readdirSync(built).filter((file) => file.endsWith('.js'))
    expect(
      files.filter((file) => readFileSync(join(built, file), 'utf8').includes('jsxDEV')),
    ).toEqual([])
  }, 180_000)

  it('npm install git+file:// of a local clone builds the package (prepare), which an app uses', async () => {
    const url = `git+file://${repository}`
    const app = join(work, 'git-app')
    // npm 11 asks an app to approve a git dependency's `prepare` (README, Quick start).
    makeApp(app, { [url]: true })
    const output = await run('npm', ['install', ...npmFlags, url, ...peers], app)
    expect(output).not.toMatch(/allowScripts|install scripts/)
    expect(existsSync(join(app, 'node_modules/pixwel-react/dist/index.js'))).toBe(true)
    expect(JSON.parse(await run(process.execPath, ['app.mjs'], app))).toEqual(working)
  }, 300_000)
})
