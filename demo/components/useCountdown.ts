import { useEffect, useState } from 'react'

/**
 * Whole seconds left until `deadline` (a `Date.now()` timestamp), updated while it runs; `0`
 * once it has passed or when there is none.
 *
 * @example
 * ```ts
 * const seconds = useCountdown(retryAt)
 * ```
 */
export function useCountdown(deadline: number | null): number {
  const [now, setNow] = useState(Date.now)
  useEffect(() => {
    if (deadline === null) return
    const tick = () => {
      const current = Date.now()
      setNow(current)
      if (current >= deadline) clearInterval(timer)
    }
    const timer = setInterval(tick, 250)
    tick()
    return () => {
      clearInterval(timer)
    }
  }, [deadline])
  return deadline === null ? 0 : Math.max(0, Math.ceil((deadline - now) / 1000))
}
