/**
 * One line saying why a server could not start, naming the environment variable that moves it.
 *
 * @example
 * ```ts
 * console.error(explainListenError(error, 'PIXWEL_MOCK_PORT'))
 * ```
 */
export function explainListenError(error: unknown, portVariable: string): string {
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown }
  if (code === 'EADDRINUSE') {
    return `Port ${String(port)} is already in use: stop what uses it, or set ${portVariable} to another port.`
  }
  return error instanceof Error ? error.message : String(error)
}
