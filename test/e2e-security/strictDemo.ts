import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { build } from 'vite'
import { chromiumArgs, chromiumPath } from '../support/chromium'

const demoConfig = fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url))

/** A strict policy: scripts only from the page's origin, no `unsafe-eval`, no inline anything. */
export function strictPolicy(apiOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `connect-src 'self' ${apiOrigin}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ')
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
}

/**
 * A production build of the demo (`vite build --config demo/vite.config.ts`) into a temporary
 * directory, talking to `apiURL`, served from 127.0.0.1 with `policy` as its
 * Content-Security-Policy header.
 */
export async function serveStrictDemo(apiURL: string, policy: (apiOrigin: string) => string) {
  const outDir = await mkdtemp(join(tmpdir(), 'pixwel-demo-csp-'))
  // Vitest sets NODE_ENV=test, which Vite would keep: React's development build would ship.
  const previous = { api: process.env.PIXWEL_API_URL, env: process.env.NODE_ENV }
  process.env.PIXWEL_API_URL = apiURL
  process.env.NODE_ENV = 'production'
  try {
    await build({
      configFile: demoConfig,
      mode: 'production',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    })
  } finally {
    restore('PIXWEL_API_URL', previous.api)
    restore('NODE_ENV', previous.env)
  }
  const header = policy(new URL(apiURL).origin)
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname))
    const file = join(outDir, path === '/' ? 'index.html' : path)
    if (!file.startsWith(outDir)) {
      res.writeHead(403).end()
      return
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'Content-Type': types[extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': header,
        })
        res.end(body)
      },
      () => res.writeHead(404, { 'Content-Security-Policy': header }).end('Not found'),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    policy: header,
    outDir,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(outDir, { recursive: true, force: true })
    },
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) Reflect.deleteProperty(process.env, name)
  else process.env[name] = value
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
}

export { chromiumPath }
