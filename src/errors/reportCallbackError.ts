/**
 * Reports an error thrown by an app's callback (a listener, `onUnauthorized`, a mutation's
 * `onSuccess`) without letting it change the library's state: to `reportError` where the
 * platform has it (browsers, Deno, Bun: it reaches `window.onerror` and error trackers), else
 * to `console.error`. The one place such errors go: the client's listeners and
 * `onUnauthorized`, and `useCreateSession`'s callbacks, all call it.
 *
 * Why this fallback: staying silent would hide a bug in the app's own code, and rethrowing
 * (from a microtask, say) would crash a Node server on an uncaught exception over a callback
 * the library has already recovered from. `console.error` keeps the error visible and the
 * process alive.
 */
export function reportCallbackError(error: unknown): void {
  const reportError = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof reportError === 'function') reportError(error)
  else console.error(error)
}

/** Calls an app's callback; what it throws is reported ({@link reportCallbackError}), not thrown. */
export function callGuarded(callback: () => void): void {
  try {
    callback()
  } catch (error) {
    reportCallbackError(error)
  }
}
