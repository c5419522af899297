import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  answerMailboxRequest,
  answerSessionRequest,
  answerVerifyRequest,
  maxSessionRequestBytes,
  twoFactorRoutes,
  type PixwelAccount,
  type PixwelHandlersOptions,
  type ScenarioAnswer,
  type ScenarioOptions,
  type TwoFactorMailbox,
} from '../src/testing/index.js'

/**
 * Options of {@link startPixwelServer}.
 */
export interface PixwelServerOptions extends Omit<ScenarioOptions, 'session'> {
  accounts: readonly PixwelAccount[]
  /** How a password is checked (the demo uses bcrypt); default: equal to `account.password`. */
  verifyPassword?: (password: string, account: PixwelAccount) => boolean | Promise<boolean>
  /** TCP port; `0` (default) picks a free one. */
  port?: number
  /** Loopback only by design; default `127.0.0.1`. */
  host?: string
  /** Where the API is mounted; default `/api`, so the session is `POST /api/session`. */
  basePath?: string
  /** Which browser origins may call the API; default: any loopback origin (`127.0.0.1`, `localhost`, `[::1]`). */
  allowOrigin?: (origin: string) => boolean
  /** Receives one line per request (never a credential). */
  log?: (line: string) => void
  /**
   * Email-based two-factor for the `two-factor-required` accounts, as in the test kit's
   * handlers: links go to this mailbox, which is served at `GET {basePath}/demo/mailbox`, and
   * open at `GET {basePath}/demo/verify/{code}`; `POST {basePath}/demo/reset` forgets every link
   * and verification (the demo page's sign-out). Without it, those accounts stay unverified.
   */
  twoFactor?: TwoFactorMailbox
}

/**
 * A running embedded API.
 */
export interface PixwelServer {
  /** The API root to give `createPixwelClient({ baseURL })`, e.g. `http://127.0.0.1:4020/api`. */
  readonly url: string
  readonly port: number
  /** Stops listening, drops open connections and pending slow answers. */
  close(): Promise<void>
}

const loopbackOrigin = /^https?:\/\/(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i
const loopbackHost = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(:\d{1,5})?$/i
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
])

/**
 * Starts the embedded Pixwel API: `POST {basePath}/session` over plain `node:http`, answered by
 * the test kit's `answerSessionRequest`, so the demo, the browser tests and the unit tests share
 * one description of the fake Pixwel. Bad input (no body, non-JSON, a huge body, a malformed
 * `Authorization`) gets a clear 4xx; the server never crashes on it.
 *
 * @example
 * ```ts
 * const api = await startPixwelServer({ accounts: [{ username: 'ada@example.com', password: 'pw' }] })
 * const client = createPixwelClient({ baseURL: api.url })
 * await api.close()
 * ```
 */
export async function startPixwelServer(options: PixwelServerOptions): Promise<PixwelServer> {
  const host = options.host ?? '127.0.0.1'
  const basePath = (options.basePath ?? '/api').replace(/\/+$/, '')
  const sessionPath = `${basePath}/session`
  const allowOrigin = options.allowOrigin ?? ((origin: string) => loopbackOrigin.test(origin))
  const log = options.log ?? (() => undefined)
  const timers = new Set<NodeJS.Timeout>()

  const mailbox = options.twoFactor
  const mailboxPath = `${basePath}${twoFactorRoutes.mailbox}`
  const verifyPrefix = `${basePath}${twoFactorRoutes.verify}/`
  const resetPath = `${basePath}${twoFactorRoutes.reset}`
  const answerOptions: Omit<PixwelHandlersOptions, 'baseURL'> = {
    accounts: options.accounts,
    ...(mailbox ? { twoFactor: mailbox } : {}),
    ...(options.verifyPassword ? { verifyPassword: options.verifyPassword } : {}),
    ...(options.retryAfterSeconds === undefined
      ? {}
      : { retryAfterSeconds: options.retryAfterSeconds }),
    ...(options.delayMs === undefined ? {} : { delayMs: options.delayMs }),
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${host}`)
    const origin = req.headers.origin
    const originAllowed = origin === undefined || allowOrigin(origin)
    if (origin !== undefined && originAllowed) {
      res.setHeader('Access-Control-Allow-Origin', origin)
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After, WWW-Authenticate')
    }
    res.setHeader('Vary', 'Origin')

    const twoFactorRoute =
      url.pathname === mailboxPath ||
      url.pathname === resetPath ||
      url.pathname.startsWith(verifyPrefix)
    if (mailbox && twoFactorRoute) {
      await handleTwoFactor(req, res, url.pathname, mailbox, originAllowed)
      return
    }
    if (url.pathname !== sessionPath) {
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === basePath)) {
        sendJson(res, 200, {
          name: 'Embedded Pixwel API (demo)',
          endpoints: [
            `POST ${sessionPath}`,
            ...(mailbox
              ? [`GET ${mailboxPath}`, `GET ${verifyPrefix}{code}`, `POST ${resetPath}`]
              : []),
          ],
        })
        return
      }
      sendJson(res, 404, { error: 'Not Found', message: `No route for ${url.pathname}` })
      return
    }
    if (req.method === 'OPTIONS') {
      if (!originAllowed) {
        sendJson(res, 403, { error: 'Forbidden', message: 'This origin may not call the API' })
        return
      }
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS')
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept')
      res.setHeader('Access-Control-Max-Age', '600')
      if (req.headers['access-control-request-private-network'] === 'true') {
        res.setHeader('Access-Control-Allow-Private-Network', 'true')
      }
      res.writeHead(204, { 'Content-Length': '0' }).end()
      return
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS')
      sendJson(res, 405, { error: 'Method Not Allowed', message: 'Use POST' })
      return
    }
    if (!originAllowed) {
      sendJson(res, 403, { error: 'Forbidden', message: 'This origin may not call the API' })
      return
    }

    const body = await readBody(req)
    if (body === 'too-large') {
      res.setHeader('Connection', 'close')
      sendJson(res, 413, { error: 'Bad Request', message: 'Request body too large' })
      return
    }
    const headers = new Headers()
    for (const [name, values] of Object.entries(req.headersDistinct)) {
      if (hopByHop.has(name) || !values) continue
      for (const value of values) headers.append(name, value)
    }
    const request = new Request(url, { method: 'POST', headers, body: new Uint8Array(body) })
    await play(res, await answerSessionRequest(request, answerOptions))
  }

  /**
   * The mailbox (read by the demo page, so CORS like the session) and the verification links
   * (opened by the browser itself). Both only for a loopback `Host`: a page on another name
   * that resolves to 127.0.0.1 (DNS rebinding) reads same-origin and sends no `Origin`, and
   * must not read the links.
   */
  async function handleTwoFactor(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
    twoFactor: TwoFactorMailbox,
    originAllowed: boolean,
  ): Promise<void> {
    if (!originAllowed || !loopbackHost.test(req.headers.host ?? '')) {
      sendJson(res, 403, {
        error: 'Forbidden',
        message: 'Only loopback pages may use the demo mailbox',
      })
      return
    }
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
      res.setHeader('Access-Control-Allow-Headers', 'Accept, Content-Type')
      res.setHeader('Access-Control-Max-Age', '600')
      if (req.headers['access-control-request-private-network'] === 'true') {
        res.setHeader('Access-Control-Allow-Private-Network', 'true')
      }
      res.writeHead(204, { 'Content-Length': '0' }).end()
      return
    }
    if (pathname === resetPath) {
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST, OPTIONS')
        sendJson(res, 405, { error: 'Method Not Allowed', message: 'Use POST' })
        return
      }
      twoFactor.reset()
      res.writeHead(204, { 'Cache-Control': 'no-store' }).end()
      return
    }
    // Not even HEAD: it is what link checkers send, and it must not spend a verification link.
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET, OPTIONS')
      sendJson(res, 405, { error: 'Method Not Allowed', message: 'Use GET' })
      return
    }
    if (pathname === mailboxPath) {
      await play(res, answerMailboxRequest(twoFactor))
      return
    }
    const code = pathname.slice(verifyPrefix.length)
    if (code === '' || code.includes('/')) {
      sendJson(res, 404, { error: 'Not Found', message: 'No such verification link' })
      return
    }
    await play(res, answerVerifyRequest(code, twoFactor))
  }

  async function play(res: ServerResponse, answer: ScenarioAnswer): Promise<void> {
    if (answer.type === 'network-error') {
      res.socket?.destroy()
      return
    }
    if (answer.delayMs > 0) {
      const arrived = await wait(answer.delayMs, res)
      if (!arrived) return
    }
    res.writeHead(answer.status, answer.headers).end(answer.body)
  }

  /** Resolves true after `ms`, or false as soon as the client or the server goes away. */
  function wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        res.off('close', gone)
        resolve(true)
      }, ms)
      const gone = () => {
        clearTimeout(timer)
        timers.delete(timer)
        resolve(false)
      }
      timers.add(timer)
      res.once('close', gone)
    })
  }

  const server = createServer((req, res) => {
    const started = Date.now()
    res.once('finish', () => {
      const path = redactVerifyCode(req.url ?? '', verifyPrefix)
      log(`${req.method ?? '?'} ${path} → ${res.statusCode} (${Date.now() - started} ms)`)
    })
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        sendJson(res, 400, { error: 'Bad Request', message: 'The request could not be read' })
      } else {
        res.destroy()
      }
    })
  })
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const hostInURL = host.includes(':') ? `[${host}]` : host
  const apiURL = `http://${hostInURL}:${port}${basePath}`
  // Links point here, not at the request's URL: node:http does not know the port it was asked on.
  if (mailbox) answerOptions.verifyURL = `${apiURL}${twoFactorRoutes.verify}`

  return {
    url: apiURL,
    port,
    close() {
      for (const timer of timers) clearTimeout(timer)
      timers.clear()
      return new Promise<void>((resolve) => {
        server.close(() => {
          resolve()
        })
        server.closeAllConnections()
      })
    },
  }
}

/** A request path for the log, the code of a verification link (a credential) left out. */
function redactVerifyCode(path: string, verifyPrefix: string): string {
  return path.startsWith(verifyPrefix) ? `${verifyPrefix}…` : path
}

/** The body, or `'too-large'` as soon as it passes the limit (without reading the rest). */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? '0')
  if (declared > maxSessionRequestBytes) return Promise.resolve('too-large')
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxSessionRequestBytes) {
        req.off('data', onData)
        req.pause()
        resolve('too-large')
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('end', () => {
      resolve(Buffer.concat(chunks))
    })
    req.once('error', reject)
  })
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
}
