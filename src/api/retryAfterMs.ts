const month = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)'
const weekday = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)'
const time = '(\\d\\d:\\d\\d:\\d\\d)'
// RFC 9110 §5.6.7, the three forms a recipient must accept, and nothing else: `Date.parse`
// guesses at anything ("10 20 30" is a date to it), which turned garbage into years or into 0.
// Groups: IMF-fixdate day 1, month 2, year 3; rfc850-date day 4, month 5, two-digit year 6;
// their time 7; asctime-date month 8, day 9, time 10, year 11.
const httpDate = new RegExp(
  `^(?:${weekday}, (\\d\\d) ${month} (\\d{4})|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d\\d)-${month}-(\\d\\d)) ${time} GMT$|^${weekday} ${month} ( \\d|\\d\\d) ${time} (\\d{4})$`,
)

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
  const match = httpDate.exec(value)
  if (!match) return undefined
  const [, day1, month1, year1, day2, month2, year2, time1, month3, day3, time2, year3] = match
  let year = Number(year1 ?? year3)
  if (year2) {
    // Two-digit years: more than 50 years ahead means the past century (RFC 9110 §5.6.7).
    const thisYear = new Date(now).getUTCFullYear()
    year = thisYear - (thisYear % 100) + Number(year2)
    if (year > thisYear + 50) year -= 100
  }
  const day = Number(day1 ?? day2 ?? day3)
  const [h = 0, m = 0, s = 0] = String(time1 ?? time2)
    .split(':')
    .map(Number)
  if (h > 23 || m > 59 || s > 60) return undefined
  const at = Date.UTC(
    year,
    (month.indexOf(String(month1 ?? month2 ?? month3)) - 1) / 4,
    day,
    h,
    m,
    Math.min(s, 59),
  )
  // 31 Feb would roll over into March: an impossible date is unreadable, not another date.
  return new Date(at).getUTCDate() === day ? Math.max(0, at - now) : undefined
}
