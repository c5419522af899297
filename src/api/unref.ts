/**
 * Lets a Node process (a test runner, a server render) end while `timer` waits: a client's
 * background timers never keep it alive. Nothing in a browser.
 */
export function unref<T>(timer: T): T {
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}

/** For outcomes nobody waits for. */
export function ignore(): void {
  // Nothing to do.
}

/**
 * `run()`, or `otherwise` if it throws: for what an app or a page lends the client (a page's
 * functions, its channel), whose own failures the client survives.
 */
export function attempt<T>(run: () => T, otherwise: T): T {
  try {
    return run()
  } catch {
    return otherwise
  }
}
