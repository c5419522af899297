import { describe, expect, it } from 'vitest'
import { answerVerifyRequest, createTwoFactorMailbox } from '../../src/testing/index'
import { fakeClock } from '../support/fakeClock'

const baseURL = 'https://api.pixwel.test/api'
const tenMinutes = 600_000

describe('answerVerifyRequest', () => {
  it.each([
    ['verified', 200, 'You can close this tab and go back to the app.'],
    ['expired', 410, 'expired'],
    ['unknown', 404, 'not valid'],
  ] as const)('should answer a %s link with %i and a page that says so', (kind, status, text) => {
    const clock = fakeClock()
    const mailbox = createTwoFactorMailbox({ now: clock.now })
    const { code } = mailbox.send('ada@example.com', baseURL)
    if (kind === 'expired') clock.advance(tenMinutes)
    const answer = answerVerifyRequest(kind === 'unknown' ? 'nope' : code, mailbox)
    if (answer.type !== 'response') throw new Error('no response')
    expect(answer.status).toBe(status)
    expect(answer.headers['Content-Type']).toMatch(/^text\/html/)
    expect(answer.headers['Cache-Control']).toBe('no-store')
    expect(answer.body).toContain(text)
    if (kind === 'expired') expect(answer.body).toContain('sign in again')
  })

  it('should say its title once, and name an inline icon its CSP allows', () => {
    const mailbox = createTwoFactorMailbox()
    const { code } = mailbox.send('ada@example.com', baseURL)
    const answer = answerVerifyRequest(code, mailbox)
    if (answer.type !== 'response') throw new Error('no response')
    const text = answer.body.replace(/<title>.*<\/title>/, '').replace(/<[^>]+>/g, ' ')
    expect(text.match(/Sign-in verified/g)).toHaveLength(1)
    expect(answer.body).toMatch(/<link rel="icon" href="data:image\/svg\+xml,/)
    expect(answer.headers['Content-Security-Policy']).toContain('img-src data:')
  })
})
