import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach } from 'vitest'
import { buildSessionResponse } from '../../src/testing/index'

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>

/**
 * A loopback Pixwel API for one test file, registered with its hooks: it answers a valid
 * session unless a test says otherwise (`use`), is reset after each test and closed at the end.
 */
export async function startSessionServer() {
  const answerSession: Handler = (_, res) => {
    sendJson(res, 200, buildSessionResponse())
  }
  const api = await startLoopbackServer(answerSession)
  afterEach(() => {
    api.requests.length = 0
    api.use(answerSession)
  })
  afterAll(() => api.close())
  return api
}

/** A real HTTP server on 127.0.0.1 that records every request it gets. */
export async function startLoopbackServer(handler: Handler) {
  const requests: RecordedRequest[] = []
  let current = handler
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(recorded)
      void Promise.resolve(current(recorded, res)).catch(() => res.destroy())
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    baseURL: `http://127.0.0.1:${port}/api`,
    requests,
    use(next: Handler) {
      current = next
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}

export function decodeBasic(header: string | undefined): string | null {
  const match = /^Basic (.+)$/.exec(header ?? '')
  return match ? Buffer.from(match[1]!, 'base64').toString('utf8') : null
}
