import { inspect } from 'node:util'
import { vi } from 'vitest'

type ConsoleMethod = {
  [K in keyof Console]: Console[K] extends (...args: never[]) => unknown ? K : never
}[keyof Console]

/**
 * Spies on every console method (log, error, warn, debug, info, trace, dir, table, …) and keeps
 * what was passed, rendered the way a developer would see it. Silences the console meanwhile.
 */
export function recordConsole() {
  const calls: { method: string; text: string }[] = []
  const methods = Object.keys(console).filter(
    (name) => typeof (console as unknown as Record<string, unknown>)[name] === 'function',
  ) as ConsoleMethod[]
  const spies = methods.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      calls.push({
        method,
        text: args
          .map((arg) => inspect(arg, { depth: Infinity, showHidden: true, getters: true }))
          .join(' '),
      })
    }),
  )
  return {
    calls,
    methods,
    text: () => calls.map((call) => `${call.method}: ${call.text}`).join('\n'),
    restore() {
      for (const spy of spies) spy.mockRestore()
    },
  }
}
