import { useId, useLayoutEffect, useRef, useState, type SubmitEvent } from 'react'
import { useCreateSession, type PixwelError, type Session } from '../../src/index.js'
import { errorMessage } from './errorMessage.js'
import { useCountdown } from './useCountdown.js'
import './components.css'

/**
 * Props of {@link LoginForm}.
 *
 * @example
 * ```tsx
 * const props: LoginFormProps = { onSignedIn: (session) => console.log(session.name) }
 * ```
 */
export interface LoginFormProps {
  /** Called after a successful sign-in (the client already holds the session `useSession` shows). */
  onSignedIn?: (session: Session) => void
  /** Why the user is asked to sign in (a failed restore, an expired link), shown in the card. */
  notice?: string | null
}

/**
 * The Pixwel sign-in form: **Username**, **Password** and **Sign in**, wired to
 * `useCreateSession`. While the request is pending the button is disabled and the form is
 * `aria-busy`. A failure shows one human sentence in a `role="alert"` that takes the focus; a
 * rate limit counts down from the API's `Retry-After` and keeps the button disabled meanwhile.
 * Needs a `PixwelProvider` above it.
 *
 * @example
 * ```tsx
 * <PixwelProvider client={client}>
 *   <LoginForm />
 * </PixwelProvider>
 * ```
 */
export function LoginForm({ onSignedIn, notice = null }: LoginFormProps) {
  // Hook-level callbacks: once signed in, the app shows the user instead of this form, and
  // React Query drops the per-call callbacks of a component that unmounted.
  const signIn = useCreateSession({
    onSuccess: (session) => onSignedIn?.(session),
    onError: (failure) => {
      setRetryAt(retryMoment(failure))
    },
  })
  const id = useId()
  const alertRef = useRef<HTMLDivElement>(null)
  const [retryAt, setRetryAt] = useState<number | null>(null)
  const secondsLeft = useCountdown(retryAt)

  const { error } = signIn
  const offline = typeof navigator !== 'undefined' && !navigator.onLine
  const message = error ? errorMessage(error, { offline }) : null
  const rateLimited = error?.kind === 'rate-limited' && secondsLeft > 0

  // A layout effect: the alert has the focus as soon as it is on the page (a test, or a
  // screen reader, that finds it finds it focused).
  useLayoutEffect(() => {
    if (error) alertRef.current?.focus()
  }, [error])

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    signIn.mutate({ username: field(form, 'username').trim(), password: field(form, 'password') })
  }

  return (
    <form
      className="px-card px-login"
      aria-labelledby={`${id}-title`}
      aria-busy={signIn.isPending}
      onSubmit={submit}
    >
      <h1 id={`${id}-title`} className="px-title">
        Sign in to Pixwel
      </h1>

      {notice !== null && (
        <p role="status" className="px-notice">
          {notice}
        </p>
      )}

      <div className="px-field">
        <label htmlFor={`${id}-username`}>Username</label>
        <input
          id={`${id}-username`}
          name="username"
          type="text"
          inputMode="email"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
        />
      </div>

      <div className="px-field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>

      {message !== null && (
        // No accessible name: its message mentions "username", and a name would make it a
        // match for the Username field's label in an app's tests (getByLabelText). A focused
        // alert is read out by its content.
        <div ref={alertRef} role="alert" tabIndex={-1} className="px-alert">
          <p>{message}</p>
          {error?.kind === 'rate-limited' && (
            <p role="timer" className="px-countdown">
              {retryAt === null
                ? 'Wait a moment before trying again.'
                : secondsLeft > 0
                  ? `You can try again in ${secondsLeft} s.`
                  : 'You can try again now.'}
            </p>
          )}
        </div>
      )}

      <button type="submit" className="px-button" disabled={signIn.isPending || rateLimited}>
        Sign in
      </button>
      <p className="px-pending" aria-live="polite">
        {signIn.isPending ? 'Signing in…' : ''}
      </p>
    </form>
  )
}

function field(form: FormData, name: string): string {
  const value = form.get(name)
  return typeof value === 'string' ? value : ''
}

/** When a rate-limited user may try again, from the API's `Retry-After`; `null` otherwise. */
function retryMoment(failure: PixwelError): number | null {
  return failure.kind === 'rate-limited' && failure.retryAfterMs !== undefined
    ? Date.now() + failure.retryAfterMs
    : null
}
