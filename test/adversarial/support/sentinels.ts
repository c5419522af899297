import { inspect } from 'node:util'

/** Synthetic secrets that must appear nowhere but the outgoing `Authorization` header. */
export const sentinelUser = 'sentinel-ユーザー@example.com'
export const sentinelPassword = 'SENTINEL-pässwörd-🔑-a7c31e9b'
export const sentinelToken = 'pat_SENTINELTOKEN7f3a9c1d2e4b5a6'
/**
 * A bcrypt-shaped string matching no password: what the API sends as `password`. Like a real
 * hash it holds no word such as "hash" that a key filter could catch by luck.
 */
export const sentinelHash = '$2b$10$Zq8vN3tLw0pXe5RkYc7sUuGm1bHa4Tj9OiWd2EfKlPnQrSxVy6Czi'

export const sentinelBasic = Buffer.from(`${sentinelUser}:${sentinelPassword}`, 'utf8').toString(
  'base64',
)

const bcryptPrefix = /\$2[abxy]?\$\d\d\$/

/** Every secret (or a recognisable encoding of one) found in `text`. */
export function findSecrets(text: string): string[] {
  const found: string[] = []
  const needles: [string, string][] = [
    ['password', sentinelPassword],
    ['password (JSON-escaped)', JSON.stringify(sentinelPassword).slice(1, -1)],
    ['password (URI-encoded)', encodeURIComponent(sentinelPassword)],
    ['password core', 'SENTINEL-p'],
    ['token', sentinelToken],
    ['token core', 'SENTINELTOKEN'],
    ['Basic value', sentinelBasic],
    ['hash core', 'Zq8vN3tLw0pXe5Rk'],
  ]
  for (const [name, needle] of needles) if (text.includes(needle)) found.push(name)
  if (bcryptPrefix.test(text)) found.push('bcrypt-shaped string')
  return found
}

/** Everything a developer could see of `value`: JSON, `util.inspect` (hidden too), errors' stacks and causes. */
export function everyRendering(value: unknown): string {
  const parts: string[] = []
  const seen = new Set<unknown>()
  const visit = (current: unknown, depth: number) => {
    if (depth > 8 || seen.has(current)) return
    seen.add(current)
    try {
      parts.push(JSON.stringify(current) ?? String(current))
    } catch (error) {
      parts.push(`<not JSON: ${String(error)}>`)
    }
    parts.push(inspect(current, { depth: Infinity, showHidden: true, getters: true }))
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '', String(current))
      visit(current.cause, depth + 1)
      const json = (current as { toJSON?: () => unknown }).toJSON?.()
      if (json !== undefined) parts.push(JSON.stringify(json))
    }
  }
  visit(value, 0)
  return parts.join('\n')
}

/** Asserts no secret is in any rendering of `value`; names the place in the failure. */
export function secretsIn(place: string, value: unknown): string[] {
  const text = typeof value === 'string' ? value : everyRendering(value)
  return findSecrets(text).map((secret) => `${place}: ${secret}`)
}
