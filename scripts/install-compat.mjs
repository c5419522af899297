// Installs the dependencies of the compatibility runs (test/compat/*), once: React 18.3 for the
// react18 Vitest project, the oldest and newest TypeScript for the published types, and the
// oldest React Query and axios for the oldest-peers project. Part of `npm test`, so a fresh clone needs nothing else.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const compat = fileURLToPath(new URL('../test/compat/', import.meta.url))
// Each folder, and a file whose presence says it is installed.
const folders = {
  react18: 'react/package.json',
  typescript: 'typescript-newest/package.json',
  'oldest-peers': 'axios/package.json',
}
for (const [name, marker] of Object.entries(folders)) {
  const folder = `${compat}${name}`
  if (existsSync(`${folder}/node_modules/${marker}`)) continue
  // No peers: each run must use the repository's React (one React), not a second copy.
  execFileSync(
    'npm',
    ['install', '--no-fund', '--no-audit', '--no-package-lock', '--legacy-peer-deps'],
    {
      cwd: folder,
      stdio: 'inherit',
    },
  )
}
