import { expect } from 'vitest'
import { isPixwelError, type PixwelError } from '../../src/index'

/** Awaits `promise`, expects it to reject with a PixwelError, and returns that error. */
export async function failure(promise: Promise<unknown>): Promise<PixwelError> {
  try {
    await promise
  } catch (error) {
    expect(isPixwelError(error), `not a PixwelError: ${String(error)}`).toBe(true)
    return error as PixwelError
  }
  throw new Error('expected a failure')
}

/** Runs `run`, expects it to throw a PixwelError, and returns that error. */
export function thrown(run: () => unknown): PixwelError {
  try {
    run()
  } catch (error) {
    expect(isPixwelError(error), `not a PixwelError: ${String(error)}`).toBe(true)
    return error as PixwelError
  }
  throw new Error('expected a throw')
}
