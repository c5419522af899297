import { useEffect, useState } from 'react'
import { usePixwelClient, type ContractDrift } from '../../src/index.js'

function formatPath(path: ContractDrift['path']): string {
  return path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  )
}

/** What a developer panel shows of the client's `contract-drift` events: paths, never values. */
export function DriftReport() {
  const client = usePixwelClient()
  const [drift, setDrift] = useState<readonly ContractDrift[]>([])
  useEffect(
    () =>
      client.subscribe((event) => {
        if (event.type === 'contract-drift') setDrift(event.report.drift)
      }),
    [client],
  )
  return (
    <section aria-label="Contract drift">
      <h2>Contract drift</h2>
      {drift.length === 0 ? (
        <p>None reported.</p>
      ) : (
        <ul>
          {drift.map((item) => (
            <li key={`${formatPath(item.path)} ${item.kind}`}>
              <code>{formatPath(item.path)}</code> {item.kind}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
