/** The guard of test/setup.ts: a warning or an error on the console fails the test. */
import { describe, expect, it, vi } from 'vitest'
import { failOnConsoleOutput } from './support/consoleGuard'

describe('the console guard', () => {
  it('fails a test that printed an error or a warning, and says what was printed', () => {
    console.error(new Error('listener bug'))
    console.warn('[MSW] Warning: intercepted a request without a matching request handler')
    expect(failOnConsoleOutput).toThrow(
      /Unexpected console output[\s\S]*console\.error: Error: listener bug[\s\S]*console\.warn: \[MSW\] Warning/,
    )
    // Reported once: the next check starts clean.
    expect(failOnConsoleOutput).not.toThrow()
  })

  it('leaves out what a test captured with a spy', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    console.error('expected')
    expect(spy).toHaveBeenCalledWith('expected')
    spy.mockRestore()
    expect(failOnConsoleOutput).not.toThrow()
  })
})
