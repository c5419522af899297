// Runs the warm-parse measurement in a fresh process, with zod's JIT or with
// `z.config({ jitless: true })` set before the package builds its schemas (what an app under a
// CSP without 'unsafe-eval' does). Prints the results as JSON.
import { z } from 'zod'
import { realisticBody, specExample } from './fixtures.js'
import { loadPackage } from './package.js'
import { measureParse } from './parse.js'

if (process.argv.includes('--jitless')) z.config({ jitless: true })
const lib = await loadPackage()
const spec = measureParse(lib, JSON.stringify(specExample()), { rounds: 61 })
const realistic = measureParse(lib, JSON.stringify(realisticBody()), { rounds: 61 })
process.stdout.write(JSON.stringify({ spec, realistic }))
