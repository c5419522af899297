import { setupServer } from 'msw/node'
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  onTestFinished,
  vi,
} from 'vitest'
import {
  answerSessionRequest,
  answerVerifyRequest,
  createPixwelHandlers,
  createTwoFactorMailbox,
  demoAccounts,
  demoPassword,
  demoTwoFactorToken,
  type PixwelAccount,
  type TwoFactorMailbox,
  type TwoFactorMessage,
} from '../../src/testing/index'
import { fakeClock } from '../support/fakeClock'

const baseURL = 'https://api.pixwel.test/api'
const tenMinutes = 600_000

const basic = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`

function sessionRequest(authorization: string, url = `${baseURL}/session`): Request {
  return new Request(url, {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: '{}',
  })
}

describe('createTwoFactorMailbox', () => {
  let clock: ReturnType<typeof fakeClock>
  let sent: TwoFactorMessage[]
  let mailbox: TwoFactorMailbox

  beforeEach(() => {
    clock = fakeClock()
    sent = []
    mailbox = createTwoFactorMailbox({ now: clock.now, onSend: (message) => sent.push(message) })
  })

  it('should send a link to the verify URL with a random URL-safe code, valid 10 minutes', () => {
    const message = mailbox.send('ada@example.com', `${baseURL}/demo/verify/`)
    expect(message.to).toBe('ada@example.com')
    expect(message.code).toMatch(/^[A-Za-z0-9_-]{22}$/)
    expect(message.link).toBe(`${baseURL}/demo/verify/${message.code}`)
    expect(message.expiresAt).toBe(clock.now() + tenMinutes)
    expect(sent).toEqual([message])
    const codes = new Set(Array.from({ length: 200 }, () => mailbox.send('b', 'x').code))
    expect(codes.size).toBe(200)
  })

  it('should list messages newest first, as copies', () => {
    const first = mailbox.send('ada@example.com', baseURL)
    const second = mailbox.send('grace@example.com', baseURL)
    const listed = mailbox.messages()
    expect(listed).toEqual([second, first])
    listed[0]!.to = 'mallory@example.com'
    expect(mailbox.messages()[0]!.to).toBe('grace@example.com')
  })

  it('should verify the user of a working link, and only that user', () => {
    const { code } = mailbox.send('ada@example.com', baseURL)
    expect(mailbox.isVerified('ada@example.com')).toBe(false)
    expect(mailbox.verify(code)).toBe('verified')
    expect(mailbox.isVerified('ada@example.com')).toBe(true)
    expect(mailbox.isVerified('grace@example.com')).toBe(false)
    // Opening the same link again is harmless.
    expect(mailbox.verify(code)).toBe('verified')
  })

  it('should refuse an expired link without verifying anyone', () => {
    const { code } = mailbox.send('ada@example.com', baseURL)
    clock.advance(tenMinutes - 1)
    expect(mailbox.pending('ada@example.com')?.code).toBe(code)
    clock.advance(1)
    expect(mailbox.pending('ada@example.com')).toBeUndefined()
    expect(mailbox.verify(code)).toBe('expired')
    expect(mailbox.isVerified('ada@example.com')).toBe(false)
  })

  it('should honour linkTtlMs', () => {
    const short = createTwoFactorMailbox({ now: clock.now, linkTtlMs: 1000 })
    const { code } = short.send('ada@example.com', baseURL)
    clock.advance(1000)
    expect(short.verify(code)).toBe('expired')
  })

  it('should answer unknown for a code it never sent', () => {
    mailbox.send('ada@example.com', baseURL)
    expect(mailbox.verify('not-a-code')).toBe('unknown')
    expect(mailbox.verify('')).toBe('unknown')
  })

  it('should keep the verified user verified until reset, then forget everything', () => {
    const { code } = mailbox.send('ada@example.com', baseURL)
    mailbox.verify(code)
    clock.advance(tenMinutes * 10)
    expect(mailbox.isVerified('ada@example.com')).toBe(true)
    mailbox.reset()
    expect(mailbox.isVerified('ada@example.com')).toBe(false)
    expect(mailbox.messages()).toEqual([])
    expect(mailbox.verify(code)).toBe('unknown')
  })
})

describe('answerSessionRequest with a two-factor mailbox', () => {
  const account: PixwelAccount = {
    username: 'tomas@example.com',
    password: 'pw',
    token: 'pat_synthetic_tomas',
    scenario: 'two-factor-required',
    session: { name: 'Tomas' },
  }
  let clock: ReturnType<typeof fakeClock>
  let mailbox: TwoFactorMailbox

  beforeEach(() => {
    clock = fakeClock()
    mailbox = createTwoFactorMailbox({ now: clock.now })
  })

  async function signIn(authorization: string, { withMailbox = true } = {}) {
    const answer = await answerSessionRequest(sessionRequest(authorization), {
      accounts: [account, { username: 'plain@example.com', password: 'pw' }],
      ...(withMailbox ? { twoFactor: mailbox } : {}),
    })
    if (answer.type !== 'response') throw new Error('no response')
    return { status: answer.status, body: JSON.parse(answer.body) as Record<string, unknown> }
  }

  it('should send one link and stay unverified while the password sign-in is polled', async () => {
    for (let poll = 0; poll < 3; poll++) {
      const { status, body } = await signIn(basic('tomas@example.com', 'pw'))
      expect(status).toBe(200)
      expect(body).toMatchObject({ hasEnforced2fa: true, twofactorVerified: false, name: 'Tomas' })
    }
    const messages = mailbox.messages()
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ to: 'tomas@example.com' })
    // The link points at the mailbox routes under the request's API root.
    expect(messages[0]!.link).toBe(`${baseURL}/demo/verify/${messages[0]!.code}`)
  })

  it('should answer the same session, verified, once the link is opened', async () => {
    await signIn(basic('tomas@example.com', 'pw'))
    expect(mailbox.verify(mailbox.messages()[0]!.code)).toBe('verified')
    const { body } = await signIn(basic('tomas@example.com', 'pw'))
    expect(body).toMatchObject({ hasEnforced2fa: true, twofactorVerified: true, name: 'Tomas' })
    expect(mailbox.messages()).toHaveLength(1)
  })

  it('should send a new link once the last one expired, and the old one stays refused', async () => {
    await signIn(basic('tomas@example.com', 'pw'))
    const [old] = mailbox.messages()
    clock.advance(tenMinutes)
    expect(answerVerifyRequest(old!.code, mailbox)).toMatchObject({ status: 410 })
    const { body } = await signIn(basic('tomas@example.com', 'pw'))
    expect(body).toMatchObject({ twofactorVerified: false })
    const messages = mailbox.messages()
    expect(messages).toHaveLength(2)
    expect(messages[0]!.code).not.toBe(old!.code)
  })

  it('should answer a token sign-in verified, and send nothing', async () => {
    const { body } = await signIn('Bearer pat_synthetic_tomas')
    expect(body).toMatchObject({ hasEnforced2fa: true, twofactorVerified: true })
    expect(mailbox.messages()).toEqual([])
  })

  it('should leave a wrong password and other scenarios alone', async () => {
    expect((await signIn(basic('tomas@example.com', 'wrong'))).status).toBe(401)
    expect((await signIn(basic('plain@example.com', 'pw'))).status).toBe(200)
    expect(mailbox.messages()).toEqual([])
  })

  it('should answer as before without a mailbox: never verified, nothing sent', async () => {
    const byPassword = await signIn(basic('tomas@example.com', 'pw'), { withMailbox: false })
    const byToken = await signIn('Bearer pat_synthetic_tomas', { withMailbox: false })
    for (const { body } of [byPassword, byToken]) {
      expect(body).toMatchObject({ hasEnforced2fa: true, twofactorVerified: false })
    }
    expect(mailbox.messages()).toEqual([])
  })

  it('should point links at verifyURL when given', async () => {
    await answerSessionRequest(sessionRequest(basic('tomas@example.com', 'pw')), {
      accounts: [account],
      twoFactor: mailbox,
      verifyURL: 'http://127.0.0.1:4020/api/demo/verify',
    })
    expect(mailbox.messages()[0]!.link).toMatch(/^http:\/\/127\.0\.0\.1:4020\/api\/demo\/verify\//)
  })
})

describe('createPixwelHandlers with a two-factor mailbox', () => {
  const server = setupServer()
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => server.resetHandlers())
  afterAll(() => server.close())

  const signIn = async (authorization: string) => {
    const response = await fetch(sessionRequest(authorization))
    return (await response.json()) as Record<string, unknown>
  }

  it('should serve the mailbox and the links, and verify the demo user end to end', async () => {
    const mailbox = createTwoFactorMailbox()
    server.use(...createPixwelHandlers({ baseURL, accounts: demoAccounts, twoFactor: mailbox }))
    const password = basic('two-factor@example.com', demoPassword)

    expect(await signIn(password)).toMatchObject({ twofactorVerified: false })
    const inbox = await fetch(`${baseURL}/demo/mailbox`)
    expect(inbox.status).toBe(200)
    const messages = (await inbox.json()) as TwoFactorMessage[]
    expect(messages).toEqual([expect.objectContaining({ to: 'two-factor@example.com' })])

    const page = await fetch(messages[0]!.link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<h1>Sign-in verified</h1>')
    expect(await signIn(password)).toMatchObject({ hasEnforced2fa: true, twofactorVerified: true })
    expect((await fetch(`${baseURL}/demo/verify/unknown-code`)).status).toBe(404)

    // The demo page's sign-out: the next password sign-in meets the second factor again.
    expect((await fetch(`${baseURL}/demo/reset`, { method: 'POST' })).status).toBe(204)
    expect(await signIn(password)).toMatchObject({ twofactorVerified: false })
    expect(mailbox.messages()).toHaveLength(1)
  })

  it('should answer a 410 page for an expired link', async () => {
    const clock = fakeClock()
    const mailbox = createTwoFactorMailbox({ now: clock.now })
    server.use(...createPixwelHandlers({ baseURL, accounts: demoAccounts, twoFactor: mailbox }))
    await signIn(basic('two-factor@example.com', demoPassword))
    clock.advance(tenMinutes)
    const page = await fetch(mailbox.messages()[0]!.link)
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('sign in again')
    expect(mailbox.isVerified('two-factor@example.com')).toBe(false)
  })

  it('should sign the demo two-factor user in verified with the demo token', async () => {
    server.use(
      ...createPixwelHandlers({
        baseURL,
        accounts: demoAccounts,
        twoFactor: createTwoFactorMailbox(),
      }),
    )
    expect(demoTwoFactorToken).toMatch(/^[A-Za-z0-9\-._~+/]+=*$/)
    expect(await signIn(`Bearer ${demoTwoFactorToken}`)).toMatchObject({
      username: 'two-factor@example.com',
      twofactorVerified: true,
    })
  })

  it('should serve no mailbox routes without a mailbox', async () => {
    server.use(...createPixwelHandlers({ baseURL, accounts: demoAccounts }))
    // MSW says so on the console (onUnhandledRequest: 'error') and fails the request.
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    onTestFinished(() => printed.mockRestore())
    await expect(fetch(`${baseURL}/demo/mailbox`)).rejects.toThrow()
    expect(printed).toHaveBeenCalledTimes(1)
    expect(String(printed.mock.calls[0]![0])).toMatch(
      /intercepted a request without a matching request handler:\s+• GET https:\/\/api\.pixwel\.test\/api\/demo\/mailbox/,
    )
  })
})
