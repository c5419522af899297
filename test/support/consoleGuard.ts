import { format } from 'node:util'

/**
 * A passing run prints no errors and no warnings: whatever reaches `console.error` or
 * `console.warn` (a React warning, MSW's unhandled request, an app callback's error reported by
 * the library) is kept here, and {@link failOnConsoleOutput} (run after each test by
 * test/setup.ts) fails the test that printed it. A test that expects such output captures it
 * (`vi.spyOn(console, 'error').mockImplementation(…)`) and asserts it: a spy's own
 * implementation replaces this one, so what it captures is not counted.
 */
const unexpected: string[] = []

export function installConsoleGuard(): void {
  for (const method of ['error', 'warn'] as const) {
    console[method] = (...args: unknown[]) => {
      unexpected.push(`console.${method}: ${format(...args)}`)
    }
  }
}

/** Throws, with what was printed, if anything reached `console.error` or `console.warn`. */
export function failOnConsoleOutput(): void {
  if (unexpected.length === 0) return
  const printed = unexpected.splice(0).join('\n')
  throw new Error(
    `Unexpected console output (a test that expects it must capture and assert it):\n${printed}`,
  )
}
