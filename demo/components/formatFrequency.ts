const units = [
  { seconds: 604_800, one: 'Weekly', many: 'weeks' },
  { seconds: 86_400, one: 'Daily', many: 'days' },
  { seconds: 3_600, one: 'Hourly', many: 'hours' },
  { seconds: 60, one: 'Every minute', many: 'minutes' },
] as const

/**
 * A mail frequency of the Pixwel preferences in words: `-1` is off, `0` is at once, anything
 * else is a period in seconds.
 *
 * @example
 * ```ts
 * formatFrequency(3600) // 'Hourly'
 * formatFrequency(-1) // 'Off'
 * ```
 */
export function formatFrequency(seconds: number): string {
  if (seconds < 0) return 'Off'
  if (seconds === 0) return 'Immediately'
  for (const unit of units) {
    if (seconds % unit.seconds === 0) {
      const count = seconds / unit.seconds
      return count === 1 ? unit.one : `Every ${count} ${unit.many}`
    }
  }
  return seconds === 1 ? 'Every second' : `Every ${seconds} seconds`
}
