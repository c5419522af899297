/**
 * React 18 in development replays a render error as an `error` event on `window`, and jsdom
 * prints every such event it is not told was handled, stack and all, straight to stderr. A
 * test that renders an error on purpose captures them here (and asserts what they were).
 */
export function captureWindowErrors(): { errors: unknown[]; stop(): void } {
  const errors: unknown[] = []
  const onError = (event: ErrorEvent) => {
    event.preventDefault()
    errors.push(event.error)
  }
  window.addEventListener('error', onError)
  return { errors, stop: () => window.removeEventListener('error', onError) }
}
