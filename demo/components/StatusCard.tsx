import { useId, type ReactNode } from 'react'
import './components.css'

/**
 * A small card for the states between the form and the app (restoring a kept session, an API
 * that cannot be reached): a title and a few lines, in the same frame as the login form.
 *
 * @example
 * ```tsx
 * <StatusCard title="Welcome back" busy><p role="status">Restoring your session…</p></StatusCard>
 * ```
 */
export function StatusCard({
  title,
  busy = false,
  children,
}: {
  title: string
  /** Marks the card `aria-busy` while something is under way. */
  busy?: boolean
  children: ReactNode
}) {
  const id = useId()
  return (
    <section
      className="px-card px-login px-status-card"
      aria-busy={busy}
      aria-labelledby={`${id}-title`}
    >
      <h1 id={`${id}-title`} className="px-title">
        {title}
      </h1>
      {children}
    </section>
  )
}
