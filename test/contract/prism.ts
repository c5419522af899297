import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const prismBin = fileURLToPath(new URL('../../node_modules/.bin/prism', import.meta.url))

/** The contract every test here holds the client and the embedded API to. */
export const contractPath = fileURLToPath(new URL('../../openapi/pixwel.yaml', import.meta.url))

/** One problem Prism found in a request or a response (`sl-violations` header). */
export interface PrismViolation {
  location: string[]
  severity: 'Error' | 'Warning' | 'Information' | 'Hint'
  code?: string
  message: string
}

const ansiColour = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

/** A running Prism (`mock` or `proxy`) on a free loopback port. */
export interface Prism {
  /** Where it listens, e.g. `http://127.0.0.1:41987`. */
  url: string
  /** Everything it printed so far, for failure messages. */
  output(): string
  close(): Promise<void>
}

/**
 * Starts `prism <args>` on 127.0.0.1 and an ephemeral port, and resolves once Prism says it is
 * listening (it prints the port it got).
 */
export async function startPrism(args: readonly string[]): Promise<Prism> {
  const child = spawn(prismBin, [...args, '--host', '127.0.0.1', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`Prism did not start within 60 s:\n${output}`))
    }, 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8').replace(ansiColour, '')
      const listening = /Prism is listening on (http:\/\/[\d.]+:\d+)/.exec(output)
      if (listening) {
        clearTimeout(timer)
        resolve(listening[1]!)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`Prism exited (${code ?? signal}) before listening:\n${output}`))
    })
  })
  return {
    url,
    output: () => output,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve()
          return
        }
        child.once('exit', () => {
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}

/** Reads Prism's `sl-violations` header (absent: no violation). */
export function readViolations(header: unknown): PrismViolation[] {
  if (header === undefined || header === null || header === '') return []
  if (typeof header !== 'string') {
    throw new Error(`Unexpected sl-violations header: ${JSON.stringify(header)}`)
  }
  const text = header
  if (text.startsWith('Too many violations!')) {
    throw new Error(`Prism reported more violations than fit in a header: ${text.slice(0, 500)}`)
  }
  return JSON.parse(text) as PrismViolation[]
}
