/**
 * What asks for a refresh while a session is held: the interval (`refreshIntervalMs`) and the
 * window regaining focus (`refreshOnFocus`), both off by default. `sync(active)` starts them
 * when a session is held and stops them when it is not (sign-out, `dispose()`).
 */
export interface RefreshTriggers {
  sync(active: boolean): void
}

export function createRefreshTriggers(options: {
  intervalMs: number | undefined
  onFocus: boolean
  refresh: () => void
}): RefreshTriggers {
  const { intervalMs, onFocus, refresh } = options
  let interval: ReturnType<typeof setInterval> | undefined
  let watchingFocus = false
  const onVisible = () => {
    if (document.visibilityState === 'visible') refresh()
  }
  return {
    sync(active) {
      if (intervalMs !== undefined && active && interval === undefined) {
        interval = setInterval(refresh, intervalMs)
        // In Node, a refresh timer must not keep a script or a server process alive.
        ;(interval as { unref?: () => void }).unref?.()
      } else if (!active && interval !== undefined) {
        clearInterval(interval)
        interval = undefined
      }
      if (!onFocus || typeof window === 'undefined' || active === watchingFocus) return
      const method = active ? 'addEventListener' : 'removeEventListener'
      window[method]('focus', refresh)
      document[method]('visibilitychange', onVisible)
      watchingFocus = active
    },
  }
}
