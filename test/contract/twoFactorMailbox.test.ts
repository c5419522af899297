import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeDemoAccounts, startDemoServer } from '../../server/startDemoServer.js'
import { demoPassword, demoTwoFactorToken, type TwoFactorMessage } from '../../src/testing/index.js'

const user = 'two-factor@example.com'
const tenMinutes = 600_000
const password = `Basic ${Buffer.from(`${user}:${demoPassword}`).toString('base64')}`

/** The demo API over loopback, with a clock the test moves and the lines it prints. */
async function startApi() {
  let now = 1_700_000_000_000
  const lines: string[] = []
  const api = await startDemoServer({
    port: 0,
    bcryptCost: 4,
    now: () => now,
    log: (line) => lines.push(line),
  })
  const signIn = async (authorization: string) => {
    const response = await fetch(`${api.url}/session`, {
      method: 'POST',
      headers: { Authorization: authorization, 'Content-Type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBe(200)
    return (await response.json()) as { hasEnforced2fa?: boolean; twofactorVerified?: boolean }
  }
  const mailbox = async (origin?: string) => {
    const response = await fetch(`${api.url}/demo/mailbox`, {
      headers: origin === undefined ? {} : { Origin: origin },
    })
    expect(response.status).toBe(200)
    return { response, messages: (await response.json()) as TwoFactorMessage[] }
  }
  return {
    api,
    lines,
    signIn,
    mailbox,
    advance(ms: number) {
      now += ms
    },
  }
}

/** A GET with a chosen `Host`, which `fetch` will not send. */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { Host: host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('two-factor sign-in against the embedded demo API', () => {
  let demo: Awaited<ReturnType<typeof startApi>>
  beforeAll(async () => {
    demo = await startApi()
  })
  afterAll(() => demo?.api.close())

  it('should email one link on a password sign-in, verify on opening it, then sign in verified', async () => {
    expect(await demo.signIn(password)).toMatchObject({
      hasEnforced2fa: true,
      twofactorVerified: false,
    })
    // The client polls with the same credentials: no second email.
    expect(await demo.signIn(password)).toMatchObject({ twofactorVerified: false })
    const { messages } = await demo.mailbox()
    expect(messages).toHaveLength(1)
    const [message] = messages
    expect(message).toMatchObject({ to: user, expiresAt: 1_700_000_000_000 + tenMinutes })
    expect(message!.link).toBe(`${demo.api.url}/demo/verify/${message!.code}`)
    expect(demo.lines).toContain(`📧 ${user}: verification link (valid 10 min): ${message!.link}`)

    const page = await fetch(message!.link)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await page.text()
    expect(html).toContain('<h1>Sign-in verified</h1>')
    expect(html).toContain('You can close this tab and go back to the app.')
    // The request log does not carry the code.
    expect(demo.lines.filter((line) => line.startsWith('GET /api/demo/verify/'))).toEqual([
      expect.not.stringContaining(message!.code),
    ])

    expect(await demo.signIn(password)).toMatchObject({
      hasEnforced2fa: true,
      twofactorVerified: true,
    })
  })

  it('should forget every link and verification on a reset, as the demo page asks at sign-out', async () => {
    expect(await demo.signIn(password)).toMatchObject({ twofactorVerified: true })
    const [old] = (await demo.mailbox('http://127.0.0.1:5173')).messages
    const reset = await fetch(`${demo.api.url}/demo/reset`, {
      method: 'POST',
      headers: { Origin: 'http://127.0.0.1:5173' },
    })
    expect(reset.status).toBe(204)
    expect(reset.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    expect((await demo.mailbox()).messages).toEqual([])
    // The next password sign-in meets the second factor again, with a new link.
    expect(await demo.signIn(password)).toMatchObject({ twofactorVerified: false })
    const { messages } = await demo.mailbox()
    expect(messages).toHaveLength(1)
    expect(messages[0]!.code).not.toBe(old!.code)
    expect((await fetch(old!.link)).status).toBe(404)

    expect((await fetch(`${demo.api.url}/demo/reset`)).status).toBe(405)
    const foreign = await fetch(`${demo.api.url}/demo/reset`, {
      method: 'POST',
      headers: { Origin: 'https://evil.example' },
    })
    expect(foreign.status).toBe(403)
  })

  it('should answer 404 for an unknown link and 405 for other methods', async () => {
    expect((await fetch(`${demo.api.url}/demo/verify/no-such-code`)).status).toBe(404)
    expect((await fetch(`${demo.api.url}/demo/verify/`)).status).toBe(404)
    const head = await fetch(`${demo.api.url}/demo/verify/no-such-code`, { method: 'HEAD' })
    expect(head.status).toBe(405)
    const post = await fetch(`${demo.api.url}/demo/mailbox`, { method: 'POST' })
    expect(post.status).toBe(405)
  })

  it('should let a loopback page read the mailbox, and nobody else', async () => {
    const { response } = await demo.mailbox('http://127.0.0.1:5173')
    expect(response.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173')
    const preflight = await fetch(`${demo.api.url}/demo/mailbox`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'GET' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET')

    const foreign = await fetch(`${demo.api.url}/demo/mailbox`, {
      headers: { Origin: 'https://evil.example' },
    })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
    // A rebound DNS name reads same-origin, without Origin: refused by its Host.
    expect(await getWithHost(`${demo.api.url}/demo/mailbox`, 'evil.example:4020')).toBe(403)
  })
})

describe('a token or an expired link against the embedded demo API', () => {
  let demo: Awaited<ReturnType<typeof startApi>>
  beforeAll(async () => {
    demo = await startApi()
  })
  afterAll(() => demo?.api.close())

  it('should sign in with the demo token verified, emailing nothing', async () => {
    expect(await demo.signIn(`Bearer ${demoTwoFactorToken}`)).toMatchObject({
      hasEnforced2fa: true,
      twofactorVerified: true,
    })
    expect((await demo.mailbox()).messages).toEqual([])
    // The token is printed with the demo users at start-up.
    expect(describeDemoAccounts()).toMatch(new RegExp(`${user} +${demoTwoFactorToken}`))
  })

  it('should answer 410, keep the user unverified, and email a new link on the next sign-in', async () => {
    await demo.signIn(password)
    const [old] = (await demo.mailbox()).messages
    demo.advance(tenMinutes)

    const page = await fetch(old!.link)
    expect(page.status).toBe(410)
    expect(await page.text()).toMatch(/expired.*sign in again/s)
    expect(await demo.signIn(password)).toMatchObject({ twofactorVerified: false })

    const { messages } = await demo.mailbox()
    expect(messages).toHaveLength(2)
    expect(messages[0]!.code).not.toBe(old!.code)
    expect((await fetch(messages[0]!.link)).status).toBe(200)
    expect(await demo.signIn(password)).toMatchObject({ twofactorVerified: true })
  })
})
