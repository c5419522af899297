const months = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec'
const time = '(\\d{2}):(\\d{2}):(\\d{2})'
// RFC 9110 §5.6.7, the three forms a recipient must accept, and nothing else: `Date.parse`
// guesses at anything ("10 20 30" is a date to it), which turned garbage into years or into 0.
const imfFixdate = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) (${months}) (\\d{4}) ${time} GMT$`,
)
const rfc850Date = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-(${months})-(\\d{2}) ${time} GMT$`,
)
const asctimeDate = new RegExp(
  `^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (${months}) ( \\d|\\d{2}) ${time} (\\d{4})$`,
)
const monthIndex = months.split('|')

/**
 * Milliseconds to wait from a `Retry-After` header: delay-seconds (digits only) or an HTTP-date
 * in one of RFC 9110's three forms. `undefined` when absent or unreadable (fractions, lists,
 * partial dates, impossible dates), so the caller falls back to its own default; never
 * negative, never infinite.
 */
export function retryAfterMs(header: unknown, now: number = Date.now()): number | undefined {
  if (typeof header !== 'string' || !Number.isFinite(now)) return undefined
  // Optional whitespace is spaces and tabs (RFC 9110 §5.6.3), not `trim()`'s Unicode list.
  const value = header.replace(/^[ \t]+|[ \t]+$/g, '')
  if (/^\d+$/.test(value)) {
    // Hundreds of digits overflow to Infinity: unreadable, not "wait forever".
    const ms = Number(value) * 1000
    return Number.isFinite(ms) ? ms : undefined
  }
  const date = httpDate(value, now)
  return date === undefined ? undefined : Math.max(0, date - now)
}

function httpDate(value: string, now: number): number | undefined {
  let match = imfFixdate.exec(value)
  if (match) return utc(match[3], match[2], match[1], match[4], match[5], match[6])
  match = rfc850Date.exec(value)
  if (match) {
    // Two-digit years: more than 50 years ahead means the past century (RFC 9110 §5.6.7).
    const thisYear = new Date(now).getUTCFullYear()
    let year = Math.floor(thisYear / 100) * 100 + Number(match[3])
    if (year > thisYear + 50) year -= 100
    return utc(String(year), match[2], match[1], match[4], match[5], match[6])
  }
  match = asctimeDate.exec(value)
  if (match) return utc(match[6], match[1], match[2]?.trim(), match[3], match[4], match[5])
  return undefined
}

function utc(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hours: string | undefined,
  minutes: string | undefined,
  seconds: string | undefined,
): number | undefined {
  const parts = [year, day, hours, minutes, seconds].map(Number)
  const [y, d, h, m, s] = parts as [number, number, number, number, number]
  const mo = monthIndex.indexOf(month ?? '')
  if (parts.some(Number.isNaN) || mo < 0 || h > 23 || m > 59 || s > 60) return undefined
  const time = Date.UTC(y, mo, d, h, m, Math.min(s, 59))
  // 31 Feb would roll over into March: an impossible date is unreadable, not another date.
  return new Date(time).getUTCDate() === d ? time : undefined
}
