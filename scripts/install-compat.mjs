// Installs the dependencies of the compatibility runs (test/compat/*), once: React 18.3 for the
// react18 Vitest project. Part of `npm test`, so a fresh clone needs nothing else.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const compat = fileURLToPath(new URL('../test/compat/', import.meta.url))
for (const name of ['react18']) {
  const folder = `${compat}${name}`
  if (existsSync(`${folder}/node_modules/react/package.json`)) continue
  execFileSync('npm', ['install', '--no-fund', '--no-audit', '--no-package-lock'], {
    cwd: folder,
    stdio: 'inherit',
  })
}
