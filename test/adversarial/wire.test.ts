import fc from 'fast-check'
import { once } from 'node:events'
import type { ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPixwelServer, type PixwelServer } from '../../server/startPixwelServer'
import {
  createPixwelClient,
  isPixwelError,
  maxSessionResponseBytes,
  type PixwelError,
} from '../../src/index'
import { buildSessionResponse, type PixwelAccount } from '../../src/testing/index'
import { startLoopbackServer } from '../support/loopbackServer'

const seed = Number(process.env.PIXWEL_FUZZ_SEED ?? 20_261_127)
const twentyMB = 20 * 1024 * 1024

let api: Awaited<ReturnType<typeof startLoopbackServer>>
let closed: Promise<unknown>[] = []

beforeAll(async () => {
  api = await startLoopbackServer(() => undefined)
})
afterAll(async () => {
  await api.close()
})

/** Answers with a body written in 64 KiB chunks; records when the client hangs up. */
function streaming(
  headers: Record<string, string | number>,
  chunks: () => Iterable<Buffer | string>,
  { end = true }: { end?: boolean } = {},
) {
  return (_: unknown, res: ServerResponse) => {
    closed.push(once(res, 'close'))
    res.writeHead(200, { 'Content-Type': 'application/json', ...headers })
    const iterator = chunks()[Symbol.iterator]()
    const pump = () => {
      for (;;) {
        const next = iterator.next()
        if (next.done) {
          if (end) res.end()
          return
        }
        if (res.destroyed) return
        if (!res.write(next.value)) {
          res.once('drain', pump)
          return
        }
      }
    }
    pump()
  }
}

function* twentyMegabytes(): Generator<string> {
  yield '{"_id":"big","queue":["'
  const chunk = 'x'.repeat(64 * 1024)
  for (let sent = 0; sent < twentyMB; sent += chunk.length) yield chunk
  yield '"]}'
}

async function failure(promise: Promise<unknown>): Promise<PixwelError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (reason: unknown) => reason,
  )
  if (!isPixwelError(error)) throw error
  return error
}

describe('a huge response body over loopback', () => {
  const cases: [string, () => ReturnType<typeof streaming>][] = [
    [
      '20 MB with a Content-Length',
      () => streaming({ 'Content-Length': twentyMB + 26 }, twentyMegabytes),
    ],
    ['20 MB chunked, no Content-Length', () => streaming({}, twentyMegabytes)],
    [
      'a body that never ends',
      () =>
        streaming(
          {},
          function* () {
            for (;;) yield 'x'.repeat(64 * 1024)
          },
          { end: false },
        ),
    ],
    [
      '20 MB of JSON gzipped to a few KB',
      () => {
        const zipped = gzipSync(Buffer.from(`{"_id":"bomb","queue":["${'0'.repeat(twentyMB)}"]}`))
        return streaming({ 'Content-Encoding': 'gzip', 'Content-Length': zipped.length }, () => [
          zipped,
        ])
      },
    ],
  ]

  it.each(cases)(
    '%s is refused as invalid-response naming the limit, and the socket closed',
    async (_, answer) => {
      closed = []
      api.use(answer())
      const client = createPixwelClient({ baseURL: api.baseURL })
      const error = await failure(client.createSession({ token: 'pat_big' }))
      expect(error.kind).toBe('invalid-response')
      expect(error.message).toContain(`${maxSessionResponseBytes} bytes`)
      expect(client.isSignedIn()).toBe(false)
      // The client stopped reading and hung up: the server's response closes.
      await Promise.all(closed)
    },
  )

  it('a body just under the limit is still read', async () => {
    api.use((_, res) => {
      const body = JSON.stringify(buildSessionResponse({ queue: [] }))
      const padding = ' '.repeat(maxSessionResponseBytes - body.length - 1)
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body + padding)
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    expect((await client.createSession({ token: 'pat_big' })).id).toBe('58c6e38e4b161cef068b4576')
  })

  it('10,000 levels of nesting are an invalid-response, not a stack overflow', async () => {
    api.use((_, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(`{"_id":"deep","queue":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)
    })
    const client = createPixwelClient({ baseURL: api.baseURL })
    const error = await failure(client.createSession({ token: 'pat_deep' }))
    expect(error.kind).toBe('invalid-response')
    expect(error.message).toMatch(/nested deeper than \d+ levels/)
  })
})

describe('Unicode credentials over loopback', () => {
  const accounts: PixwelAccount[] = []
  let server: PixwelServer

  beforeAll(async () => {
    server = await startPixwelServer({ accounts, port: 0 })
  })
  afterAll(async () => {
    await server.close()
  })

  it('the embedded API decodes any username and password back to the same strings', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 24 })
    let index = 0
    await fc.assert(
      fc.asyncProperty(
        text.filter((value) => !value.includes(':')),
        text,
        async (username, password) => {
          // A fresh account per case, whose id the session echoes, and no other account matches.
          const id = `u${index++}`
          accounts.length = 0
          accounts.push({ username, password, session: { _id: id, name: username } })
          const session = await createPixwelClient({ baseURL: server.url }).createSession({
            username,
            password,
          })
          expect(session.id).toBe(id)
          expect(session.name).toBe(username)
        },
      ),
      { seed, numRuns: 300 },
    )
  })
})
