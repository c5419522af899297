/**
 * The README's testing section works as written: its blocks, saved under the names it gives
 * them (vitest.config.ts, vitest.setup.ts, src/mocks/server.ts, src/App.test.tsx, …) beside the
 * Quick start's src/App.tsx and the recipes, make a project that Vitest runs with the README's
 * own config, importing the built package (`npm test` builds first) through its `exports`.
 * The recipes' tests (test/readme/project/) run in the same project.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { root, writeReadmeProject } from './readmeBlocks'

const folder = fileURLToPath(new URL('../../artifacts/readme-project/', import.meta.url))

interface JsonReport {
  numFailedTests: number
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[]
}

/** Runs Vitest in the project as its user would (`npx vitest run`), without this run's env. */
function runVitest(): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(VITEST|NODE_ENV$|TEST$)/.test(key)) env[key] = value
  }
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        `${root}node_modules/vitest/vitest.mjs`,
        'run',
        '--reporter=json',
        '--outputFile=report.json',
      ],
      { cwd: folder, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

describe('the README as a project', () => {
  it('runs the testing section and the recipes, and every test passes', async () => {
    writeReadmeProject(folder, { linkPackage: true })
    const { code, output } = await runVitest()
    const report = JSON.parse(readFileSync(`${folder}report.json`, 'utf8')) as JsonReport
    const results = Object.fromEntries(
      report.testResults.flatMap((file) =>
        file.assertionResults.map((test) => [
          `${file.name.slice(folder.length)} > ${test.fullName}`,
          test.status,
        ]),
      ),
    )
    expect(results).toMatchObject({
      'src/App.test.tsx > signs Ada in': 'passed',
      'src/App.test.tsx > says a wrong password in plain words': 'passed',
      'src/App.test.tsx > asks a two-factor user to open the emailed link': 'passed',
      'src/App.test.tsx > says when to try again when Pixwel rate-limits': 'passed',
      'src/Greeting.test.tsx > greets the signed-in user': 'passed',
      'src/KeepMeSignedIn.test.tsx > keeps a token when asked: the next load restores it': 'passed',
      'src/tabs.test.ts > signs every open tab in with a token kept in one of them, with one request':
        'passed',
      'src/tabs.test.ts > refreshes once when the user goes through every tab': 'passed',
      'src/tabs.test.ts > says unreachable, not signed out, while the network is down; back online, signed in':
        'passed',
    })
    const routerTests = Object.keys(results).filter((name) => name.startsWith('src/routers'))
    // Three each for React Router and TanStack Router.
    expect(routerTests).toHaveLength(6)
    expect(routerTests.filter((name) => name.includes('leaves the protected route'))).toEqual([
      'src/routers.test.tsx > React Router leaves the protected route at once on a sign-out, from the page or from elsewhere',
      'src/routers.test.tsx > TanStack Router leaves the protected route at once on a sign-out, from the page or from elsewhere',
    ])
    expect(Object.values(results).every((status) => status === 'passed')).toBe(true)
    expect(code, output).toBe(0)
    // Nothing printed but the report's path: no warning, no stack trace, no MSW complaint.
    expect(output.replace(/^JSON report written to .*\n/m, '')).toBe('')
  }, 120_000)
})
