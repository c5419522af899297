/**
 * One verification email the fake Pixwel "sent": who it is for, the code in its link, the link
 * itself and when the link stops working (ms since the epoch, on the mailbox's clock).
 *
 * @example
 * ```ts
 * const [latest]: TwoFactorMessage[] = mailbox.messages()
 * await fetch(latest.link) // the user opens the link
 * ```
 */
export interface TwoFactorMessage {
  to: string
  code: string
  link: string
  expiresAt: number
}

/**
 * What opening a verification link did: `verified` (the user is now verified), `expired` (the
 * link is too old; sign in again for a new one) or `unknown` (no such link was sent).
 */
export type VerifyOutcome = 'verified' | 'expired' | 'unknown'

/**
 * Options of {@link createTwoFactorMailbox}.
 */
export interface TwoFactorMailboxOptions {
  /** How long a link works, in ms; default 600 000 (10 minutes, like Pixwel's). */
  linkTtlMs?: number
  /** The clock, in ms since the epoch; default `Date.now`. Tests pass a fake one to expire links. */
  now?: () => number
  /** Called with each message as it is sent, e.g. to print the link where a developer sees it. */
  onSend?: (message: TwoFactorMessage) => void
}

/**
 * An in-memory inbox of two-factor verification links, standing in for the email Pixwel sends
 * after a password sign-in. The fake API sends to it; a test, the demo page or a person opens
 * the link to finish signing in.
 */
export interface TwoFactorMailbox {
  /** "Emails" `username` a new link to `${verifyURL}/${code}`, valid for `linkTtlMs`. */
  send(username: string, verifyURL: string): TwoFactorMessage
  /** Every message sent since the start (or the last reset), newest first. */
  messages(): TwoFactorMessage[]
  /** The newest message to `username` whose link still works, if any. */
  pending(username: string): TwoFactorMessage | undefined
  /** Opens the link with this code: a working link marks its user verified. */
  verify(code: string): VerifyOutcome
  /** Whether `username` opened a working link (since the start, or the last reset). */
  isVerified(username: string): boolean
  /** Forgets every message and every verified user. */
  reset(): void
}

/**
 * Creates a {@link TwoFactorMailbox}. Codes are 128 random bits from `crypto.getRandomValues`,
 * base64url-encoded, so they are unguessable and safe in a URL path. A user stays verified for
 * the life of the mailbox, the way a verified browser session lasts; an expired link changes
 * nothing.
 *
 * @example
 * ```ts
 * const mailbox = createTwoFactorMailbox({ onSend: (message) => console.log(message.link) })
 * const server = setupServer(
 *   ...createPixwelHandlers({ baseURL, accounts: demoAccounts, twoFactor: mailbox }),
 * )
 * ```
 */
export function createTwoFactorMailbox(options: TwoFactorMailboxOptions = {}): TwoFactorMailbox {
  const ttl = options.linkTtlMs ?? 600_000
  const now = options.now ?? Date.now
  let sent: TwoFactorMessage[] = []
  let byCode = new Map<string, TwoFactorMessage>()
  let verified = new Set<string>()
  const works = (message: TwoFactorMessage) => now() < message.expiresAt

  return {
    send(username, verifyURL) {
      const code = randomCode()
      const message = {
        to: username,
        code,
        link: `${verifyURL.replace(/\/+$/, '')}/${code}`,
        expiresAt: now() + ttl,
      }
      sent = [message, ...sent]
      byCode.set(code, message)
      options.onSend?.({ ...message })
      return { ...message }
    },
    messages: () => sent.map((message) => ({ ...message })),
    pending(username) {
      const message = sent.find((candidate) => candidate.to === username && works(candidate))
      return message && { ...message }
    },
    verify(code) {
      const message = byCode.get(code)
      if (!message) return 'unknown'
      if (!works(message)) return 'expired'
      verified.add(message.to)
      return 'verified'
    },
    isVerified: (username) => verified.has(username),
    reset() {
      sent = []
      byCode = new Map()
      verified = new Set()
    },
  }
}

/** 16 random bytes as base64url without padding (22 characters of `[A-Za-z0-9_-]`). */
function randomCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}
