import type { ScenarioAnswer } from './sessionScenarios.js'
import type { TwoFactorMailbox, VerifyOutcome } from './createTwoFactorMailbox.js'

/**
 * Where, under the API root, the fake Pixwel serves its two-factor mailbox (`GET`, a JSON list
 * of messages), its verification links (`GET {verify}/{code}`, an HTML page) and its reset
 * (`POST`: every link and verification forgotten, which the demo page asks for when its user
 * signs out, so the second factor can be tried again). Not part of the real API: they stand in
 * for the user's email.
 *
 * @example
 * ```ts
 * const inbox = await fetch(`${api.url}${twoFactorRoutes.mailbox}`).then((r) => r.json())
 * ```
 */
export const twoFactorRoutes = {
  mailbox: '/demo/mailbox',
  verify: '/demo/verify',
  reset: '/demo/reset',
} as const

/**
 * The answer to `GET {root}/demo/mailbox`: every message sent, newest first, never cached (the
 * demo page polls it).
 *
 * @example
 * ```ts
 * const answer = answerMailboxRequest(mailbox) // { status: 200, body: '[{"to":…}]', … }
 * ```
 */
export function answerMailboxRequest(mailbox: TwoFactorMailbox): ScenarioAnswer {
  return {
    type: 'response',
    status: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    body: JSON.stringify(mailbox.messages()),
    delayMs: 0,
  }
}

const pages: Record<VerifyOutcome, { status: number; title: string; text: string }> = {
  verified: {
    status: 200,
    title: 'Sign-in verified',
    text: 'You can close this tab and go back to the app.',
  },
  expired: {
    status: 410,
    title: 'Link expired',
    text: 'This verification link no longer works. Go back to the app and sign in again to get a new one.',
  },
  unknown: {
    status: 404,
    title: 'Unknown link',
    text: 'This verification link is not valid. Go back to the app and sign in again to get a new one.',
  },
}

/** The demo's icon, a data URL: the page's CSP allows images from `data:` only. */
const pixwelIcon = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#4338ca"/><path d="M11 25V7h6.5a5.5 5.5 0 0 1 0 11H11" fill="none" stroke="#fff" stroke-width="3.5"/></svg>',
)}`

/**
 * The answer to `GET {root}/demo/verify/{code}`, the page a user sees on opening the emailed
 * link: 200 once verified, 410 for an expired link (sign in again), 404 for an unknown one. The
 * page echoes nothing of the request, loads nothing, and is neither cached nor sent as a
 * referrer, since its URL is a credential.
 *
 * @example
 * ```ts
 * const answer = answerVerifyRequest(code, mailbox) // { status: 200, … '<h1>Sign-in verified</h1>' … }
 * ```
 */
export function answerVerifyRequest(code: string, mailbox: TwoFactorMailbox): ScenarioAnswer {
  const page = pages[mailbox.verify(code)]
  return {
    type: 'response',
    status: page.status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    },
    body: [
      '<!doctype html>',
      '<html lang="en">',
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${page.title} · Pixwel (demo)</title>`,
      // Inline, so the browser asks this API for no /favicon.ico (a 404 in its console).
      `<link rel="icon" href="${pixwelIcon}">`,
      '<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem">',
      `<h1>${page.title}</h1>`,
      `<p>${page.text}</p>`,
      '</body>',
      '</html>',
    ].join('\n'),
    delayMs: 0,
  }
}
