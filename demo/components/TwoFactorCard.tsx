import { useEffect, useId, useState, type SubmitEvent } from 'react'
import {
  useCreateSession,
  usePixwelClient,
  useSession,
  useSignOut,
  useWaitForTwoFactor,
  type WaitForTwoFactorOptions,
} from '../../src/index.js'
import { errorMessage } from './errorMessage.js'
import { useCountdown } from './useCountdown.js'
import './components.css'

/**
 * What a two-factor account sees after its password: Pixwel emailed a verification link, and
 * the page signs in by itself once it is opened (`useWaitForTwoFactor`). Or the user signs in
 * with a personal access token instead, and may keep it on this device. With the embedded demo
 * API, the "email" lands in the demo mailbox below. Needs a `PixwelProvider` above it.
 *
 * @example
 * ```tsx
 * const { status } = useSession()
 * if (status === 'two-factor-required') return <TwoFactorCard wait={{ intervalMs: 3_000 }} />
 * ```
 */
export function TwoFactorCard({ wait }: { wait?: Omit<WaitForTwoFactorOptions, 'signal'> }) {
  const state = useSession()
  const { session } = state
  const signOut = useSignOut()
  // The link's deadline is the client's (`expiresAt`, set once from the sign-in's answer).
  const { waiting, expiresAt } = useWaitForTwoFactor(wait)
  const id = useId()
  const who = session?.emailNormal ?? session?.username ?? 'your email address'
  const secondsLeft = useCountdown(expiresAt)

  return (
    <section className="px-card px-login" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`} className="px-title">
        Check your email
      </h1>
      <div role="status" className="px-banner">
        <p className="px-banner-title">Two-factor authentication required</p>
        <p>
          Pixwel emailed a verification link to{' '}
          <strong className="px-email" title={who}>
            {who}
          </strong>
          . Open it: this page signs you in by itself.
        </p>
      </div>
      <div className="px-waiting">
        {/* Said once by a screen reader; the seconds below tick silently (a timer). */}
        <p role="status" className="px-waiting-status">
          {waiting ? 'Waiting for you to open the link…' : ''}
        </p>
        <p className="px-time-left">
          Time left:{' '}
          <span role="timer" aria-label="Time left to open the link">
            {formatMinutes(secondsLeft)}
          </span>
        </p>
      </div>
      <DemoMailbox />
      <TokenSignIn />
      <button type="button" className="px-button px-button-secondary" onClick={signOut}>
        Cancel
      </button>
    </section>
  )
}

/** Signs in with a personal access token, which two-factor accounts use; may keep it. */
function TokenSignIn() {
  const signIn = useCreateSession()
  const id = useId()
  const message = signIn.error ? errorMessage(signIn.error) : null

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    const token = form.get('token')
    signIn.mutate({
      token: typeof token === 'string' ? token.trim() : '',
      persist: form.get('keep') === 'on',
    })
  }

  return (
    <form className="px-token" aria-labelledby={`${id}-title`} onSubmit={submit}>
      <h2 id={`${id}-title`} className="px-subtitle">
        Sign in with a token instead
      </h2>
      <div className="px-field">
        <label htmlFor={`${id}-token`}>Personal access token</label>
        <input
          id={`${id}-token`}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
        />
      </div>
      <div className="px-check">
        <input id={`${id}-keep`} name="keep" type="checkbox" />
        <label htmlFor={`${id}-keep`}>Keep me signed in on this device</label>
      </div>
      {message && (
        <p role="alert" className="px-alert">
          {message}
        </p>
      )}
      <button className="px-button" disabled={signIn.isPending}>
        {signIn.isPending ? 'Signing in…' : 'Sign in with token'}
      </button>
    </form>
  )
}

interface MailboxMessage {
  to: string
  link: string
  expiresAt: number
}

/**
 * The embedded demo API's mailbox: it "sends" the verification email here, since a demo sends
 * no email. Hidden against a real Pixwel API, which has no such route.
 */
function DemoMailbox() {
  const client = usePixwelClient()
  const [messages, setMessages] = useState<MailboxMessage[] | null>(null)
  const id = useId()

  useEffect(() => {
    let stopped = false
    const load = () => {
      fetch(`${client.baseURL}/demo/mailbox`)
        .then((response) => (response.ok ? (response.json() as Promise<MailboxMessage[]>) : null))
        .then((list) => {
          if (!stopped) setMessages(list)
        })
        .catch(() => {
          if (!stopped) setMessages(null)
        })
    }
    load()
    const timer = setInterval(load, 2_000)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [client])

  if (messages === null) return null
  return (
    <section className="px-mailbox" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="px-subtitle">
        Demo mailbox
      </h2>
      <p className="px-muted">The demo API sends no email: its verification links land here.</p>
      {messages.length === 0 ? (
        <p>No message yet.</p>
      ) : (
        <ul>
          {messages.map((message) => (
            <li key={message.link}>
              To{' '}
              <span className="px-email" title={message.to}>
                {message.to}
              </span>
              :{' '}
              <a href={message.link} target="_blank" rel="noreferrer">
                Open the verification link
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

/** `m:ss`, e.g. `9:05`. */
function formatMinutes(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}
