/**
 * When an `unreachable` restore tries again: after a backoff that doubles with each failure
 * (1 s, 2 s, 4 s… at most a minute, with ±20 % jitter so that a studio's tabs do not all come
 * back at once), and at once when the browser says it is online again or the page is shown
 * again. `sync(false)` stops all of it (the session was restored, signed in or out).
 */
export interface RetrySchedule {
  arm(attempt: number): void
  sync(unreachable: boolean): void
}

const firstMs = 1_000
const mostMs = 60_000

export function createRetrySchedule(retry: () => void): RetrySchedule {
  let timer: ReturnType<typeof setTimeout> | undefined
  let listening = false
  const onVisible = () => {
    if (document.visibilityState === 'visible') retry()
  }
  const listen = (on: boolean) => {
    if (on === listening || typeof window === 'undefined') return
    const method = on ? 'addEventListener' : 'removeEventListener'
    window[method]('online', retry)
    document[method]('visibilitychange', onVisible)
    listening = on
  }
  return {
    arm(attempt) {
      clearTimeout(timer)
      const backoff = Math.min(mostMs, firstMs * 2 ** Math.min(attempt - 1, 16))
      timer = setTimeout(retry, backoff * (0.8 + Math.random() * 0.4))
      // In Node, a retry timer must not keep a script or a server process alive.
      ;(timer as { unref?: () => void }).unref?.()
      listen(true)
    },
    sync(unreachable) {
      if (unreachable) return
      clearTimeout(timer)
      timer = undefined
      listen(false)
    },
  }
}
