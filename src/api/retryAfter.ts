/**
 * Milliseconds to wait from a `Retry-After` header: delay-seconds or an HTTP date. `undefined`
 * when absent or unreadable; never negative, never infinite.
 */
export function retryAfterMs(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== 'string') return undefined
  const value = header.trim()
  if (/^\d+$/.test(value)) {
    // Hundreds of digits overflow to Infinity: unreadable, not "wait forever".
    const ms = Number(value) * 1000
    return Number.isFinite(ms) ? ms : undefined
  }
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}
