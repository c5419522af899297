import { inspect } from 'node:util'
import { expect } from 'vitest'

/**
 * Expects none of `secrets`, nor the word `Authorization`, anywhere an app could see of `error`
 * and its causes: message, stack, JSON and `util.inspect` with hidden properties.
 */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  const seen: string[] = []
  let cursor: unknown = error
  for (let depth = 0; cursor && depth < 10; depth++) {
    seen.push((cursor as Error).message, (cursor as Error).stack ?? '')
    seen.push(JSON.stringify(cursor) ?? '', inspect(cursor, { depth: Infinity, showHidden: true }))
    cursor = (cursor as Error).cause
  }
  const text = seen.join('\n')
  for (const secret of [...secrets, 'Authorization', 'authorization']) {
    expect(text).not.toContain(secret)
  }
}
