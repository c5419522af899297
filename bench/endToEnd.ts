import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { specExample } from './fixtures.js'
import { pairedLatencies, quantile } from './measure.js'
import type { Package } from './package.js'
import { ms, times, verdict, type Row } from './report.js'

/**
 * `client.createSession` against `fetch` + `res.json()` + the same `parseSession`, one after
 * the other in alternating order, on one loopback keep-alive server. axios in Node uses its
 * `http` adapter with `http.globalAgent`, which keeps connections alive since Node 19; the row
 * reports how many connections each side opened, to show that neither reconnects.
 */
export async function endToEndRows(
  lib: Package,
  { iterations = 1500, warmup = 200 } = {},
): Promise<Row[]> {
  const body = Buffer.from(JSON.stringify(specExample()))
  let connections = 0
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      response.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': body.length,
      })
      response.end(body)
    })
  })
  server.on('connection', () => connections++)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const baseURL = `http://127.0.0.1:${port}/api`
  const client = lib.createPixwelClient({ baseURL })
  const credentials = { username: 'bench@example.com', password: 'synthetic' }
  const authorization = `Basic ${Buffer.from('bench@example.com:synthetic').toString('base64')}`

  const latencies = await pairedLatencies(
    () => client.createSession(credentials),
    async () => {
      const response = await fetch(`${baseURL}/session`, {
        method: 'POST',
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        body: '{}',
      })
      return lib.parseSession(await response.json())
    },
    { iterations, warmup },
  )
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))

  const p = (values: number[], q: number) => quantile(values, q)
  const rows: Row[] = []
  for (const [label, q, target] of [
    ['p50', 0.5, 1.3],
    ['p99', 0.99, 1.5],
  ] as const) {
    const ours = p(latencies.ours, q)
    const base = p(latencies.base, q)
    rows.push({
      metric: `end-to-end ${label}: client.createSession, loopback keep-alive, ${iterations} runs`,
      ours: ms(ours),
      base: `fetch + res.json() + parseSession ${ms(base)}`,
      ratio: times(ours / base),
      target: `≤ ${target.toFixed(1)}×`,
      result: verdict(ours / base <= target),
    })
  }
  rows.push({
    metric: '↳ connections opened by both sides together',
    ours: String(connections),
    base: `${iterations + warmup} requests each`,
    ratio: '—',
    target: '—',
    result: 'info',
  })
  return rows
}
