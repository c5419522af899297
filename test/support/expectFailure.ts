import { expect } from 'vitest'
import { isPixwelError, type PixwelError, type PixwelErrorKind } from '../../src/index'

/** Expects `error` to be a PixwelError, of `kind` if given (which narrows its type). */
function expectPixwelError<K extends PixwelErrorKind>(error: unknown, kind?: K): PixwelError<K> {
  expect(isPixwelError(error), `not a PixwelError: ${String(error)}`).toBe(true)
  if (kind !== undefined) expect((error as PixwelError).kind).toBe(kind)
  return error as PixwelError<K>
}

/**
 * Awaits `promise`, expects it to reject with a PixwelError (of `kind`, if given), and returns
 * that error.
 */
export async function failure<K extends PixwelErrorKind = PixwelErrorKind>(
  promise: Promise<unknown>,
  kind?: K,
): Promise<PixwelError<K>> {
  try {
    await promise
  } catch (error) {
    return expectPixwelError(error, kind)
  }
  throw new Error('expected a failure')
}

/** Runs `run`, expects it to throw a PixwelError (of `kind`, if given), and returns that error. */
export function thrown<K extends PixwelErrorKind = PixwelErrorKind>(
  run: () => unknown,
  kind?: K,
): PixwelError<K> {
  try {
    run()
  } catch (error) {
    return expectPixwelError(error, kind)
  }
  throw new Error('expected a throw')
}
