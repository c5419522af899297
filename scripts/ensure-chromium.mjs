// Browser tests drive Debian's Chromium (see shared TOOLCHAIN notes): never a downloaded build.
// Installs it with apt-get when it is missing and we may (root); otherwise says what to do.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const chromium = process.env.PIXWEL_CHROMIUM ?? '/usr/bin/chromium'

if (existsSync(chromium)) process.exit(0)

if (process.getuid?.() !== 0) {
  console.error(
    `Browser tests need Chromium at ${chromium}. Install it with: sudo apt-get install -y chromium ` +
      '(or set PIXWEL_CHROMIUM to a Chromium binary).',
  )
  process.exit(1)
}

console.log('Chromium is missing: installing Debian’s chromium package…')
/** @param {string[]} args */
const run = (args) =>
  execFileSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
run(['update', '-qq'])
run(['install', '-y', '-qq', '--no-install-recommends', 'chromium'])
if (!existsSync(chromium)) {
  console.error(`apt-get finished but ${chromium} is still missing.`)
  process.exit(1)
}
