/**
 * Reports an error thrown by an app's callback (a listener, `onUnauthorized`, a mutation's
 * `onSuccess`) without letting it change the library's state: to `reportError` where the
 * platform has it (browsers, Deno, Bun: it reaches `window.onerror` and error trackers), else
 * to `console.error`. The one place such errors go.
 */
export function reportCallbackError(error: unknown): void {
  const reportError = (globalThis as { reportError?: (error: unknown) => void }).reportError
  if (typeof reportError === 'function') reportError(error)
  else console.error(error)
}
