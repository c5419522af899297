import { cleanup } from '@testing-library/react'
import { afterAll, afterEach } from 'vitest'
import { failOnConsoleOutput, installConsoleGuard } from './support/consoleGuard'

afterEach(() => {
  if (typeof document !== 'undefined') cleanup()
})

installConsoleGuard()
afterEach(failOnConsoleOutput)
afterAll(failOnConsoleOutput)
