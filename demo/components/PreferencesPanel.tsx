import { useId } from 'react'
import { usePreferences, type Preferences } from '../../src/index.js'
import { formatFrequency } from './formatFrequency.js'
import './components.css'

/**
 * Props of {@link PreferencesPanel}.
 *
 * @example
 * ```tsx
 * const props: PreferencesPanelProps = { preferences: session.preferences }
 * ```
 */
export interface PreferencesPanelProps {
  /** The preferences to show; default: the signed-in user's, from `usePreferences()`. */
  preferences?: Preferences
}

const mailLabels: Record<Exclude<keyof Preferences['mail'], 'enabled'>, string> = {
  projects: 'Projects',
  assets: 'Assets',
  files: 'Files',
  work_requests: 'Work requests',
  work_request_comments: 'Work request comments',
  shares: 'Shares',
  ingest: 'Ingest',
  offline_comments: 'Offline comments',
  workflow: 'Workflow',
  others: 'Everything else',
}

const mailKeys = Object.keys(mailLabels) as (keyof typeof mailLabels)[]

/**
 * A user's preferences, read-only: mail frequencies, ingest settings, contact lists and the
 * work-request dashboard layout. Renders nothing without preferences.
 *
 * @example
 * ```tsx
 * <PreferencesPanel preferences={session.preferences} />
 * ```
 */
export function PreferencesPanel({ preferences: given }: PreferencesPanelProps) {
  const cached = usePreferences()
  const id = useId()
  const preferences = given ?? cached
  if (!preferences) return null
  const { mail, ingest, contactLists, reports } = preferences
  const dashboard = reports.workRequests.dashboard
  const rows = Math.max(1, ...dashboard.map((panel) => panel.y + panel.h))

  return (
    <section className="px-preferences" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Preferences</h2>

      <div className="px-preferences-grid">
        <section aria-labelledby={`${id}-mail`}>
          <h3 id={`${id}-mail`}>Mail</h3>
          <p>Email notifications are {mail.enabled ? 'on' : 'off'}.</p>
          <table className="px-table">
            <thead>
              <tr>
                <th scope="col">About</th>
                <th scope="col">Frequency</th>
              </tr>
            </thead>
            <tbody>
              {mailKeys.map((key) => (
                <tr key={key}>
                  <th scope="row">{mailLabels[key]}</th>
                  <td>{formatFrequency(mail[key])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <div>
          <section aria-labelledby={`${id}-ingest`}>
            <h3 id={`${id}-ingest`}>Ingest</h3>
            <dl className="px-facts">
              <dt>Parallel uploads</dt>
              <dd>{ingest.maxUploads}</dd>
              <dt>Scratch preview</dt>
              <dd>{ingest.skipScratchPreview ? 'Skipped' : 'Generated'}</dd>
            </dl>
          </section>

          <section aria-labelledby={`${id}-contacts`}>
            <h3 id={`${id}-contacts`}>Contact lists</h3>
            {contactLists.length === 0 ? (
              <p>No contact lists.</p>
            ) : (
              <ul className="px-list">
                {contactLists.map((list, index) => (
                  <li key={`${list.name}-${index}`}>
                    <strong>{list.name}</strong>: {count(list.recipients.users.length, 'user')},{' '}
                    {count(list.recipients.groups.length, 'group')}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section aria-labelledby={`${id}-dashboard`}>
            <h3 id={`${id}-dashboard`}>Dashboard layout</h3>
            {dashboard.length === 0 ? (
              <p>Default layout.</p>
            ) : (
              <ol
                className="px-dashboard"
                style={{ gridTemplateRows: `repeat(${rows}, 1.5rem)` }}
                aria-label="Work-request dashboard panels"
              >
                {dashboard.map((panel, index) => (
                  <li
                    key={`${panel.i}-${index}`}
                    style={{
                      gridColumn: `${panel.x + 1} / span ${panel.w}`,
                      gridRow: `${panel.y + 1} / span ${panel.h}`,
                    }}
                  >
                    {panel.i}
                    <span className="px-visually-hidden">
                      {`: column ${panel.x + 1}, row ${panel.y + 1}, ${panel.w} wide, ${panel.h} high`}
                    </span>
                  </li>
                ))}
              </ol>
            )}
            <p className="px-muted">
              Hidden charts:{' '}
              {reports.workRequests.hiddenCharts.length === 0
                ? 'none'
                : reports.workRequests.hiddenCharts.join(', ')}
            </p>
          </section>
        </div>
      </div>
    </section>
  )
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
