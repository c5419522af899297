import { useEffect, useState } from 'react'
import { usePixwelClient, type PixwelTimelineEntry } from '../../src/index.js'
import './components.css'

/** How often the panel looks for entries no event announced (a skipped refresh, a message). */
const pollMs = 1_000

/**
 * The client's timeline (`timeline: pixwelTimeline()` in its options), latest first: what it
 * sent and why, what it skipped and why, what it kept or forgot, what the other tabs said.
 * Collapsed at first; it follows the client's events, and looks again every second for the
 * decisions that change no state. The entries are redacted by the library: no credential,
 * email or name can appear here.
 *
 * @example
 * ```tsx
 * <PixwelProvider client={client}><TimelinePanel /></PixwelProvider>
 * ```
 */
export function TimelinePanel({ limit = 40 }: { /** How many entries to list. */ limit?: number }) {
  const client = usePixwelClient()
  const [entries, setEntries] = useState<readonly PixwelTimelineEntry[]>(() => client.getTimeline())
  useEffect(() => {
    // A new array only when there is something new: the entries themselves never change.
    const look = () =>
      setEntries((shown) => {
        const now = client.getTimeline()
        return now.length === shown.length && now.at(-1) === shown.at(-1) ? shown : now
      })
    look()
    const stop = client.subscribe(look)
    const timer = setInterval(look, pollMs)
    return () => {
      stop()
      clearInterval(timer)
    }
  }, [client])
  // The list is made only while the panel is open: a closed one lays out nothing.
  const [open, setOpen] = useState(false)
  const latest = entries.slice(-limit).reverse()
  return (
    <section className="px-timeline" aria-label="Timeline">
      <details onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>
          Timeline <span className="px-timeline-count">({entries.length})</span>
        </summary>
        {!open ? null : latest.length === 0 ? (
          <p className="px-timeline-empty">Nothing yet.</p>
        ) : (
          <ol className="px-timeline-list">
            {latest.map((entry, index) => (
              <li key={`${entry.at}-${entries.length - index}`}>
                <time dateTime={new Date(entry.at).toISOString()}>{clock(entry.at)}</time>{' '}
                <span className={`px-timeline-kind px-timeline-${entry.kind}`}>{entry.kind}</span>{' '}
                <span className="px-timeline-message">{entry.message}</span>
              </li>
            ))}
          </ol>
        )}
      </details>
    </section>
  )
}

/** `hh:mm:ss` in the page's time zone. */
function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour12: false })
}
