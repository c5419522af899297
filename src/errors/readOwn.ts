import { PixwelError } from './PixwelError.js'

/**
 * Reads `keys` from a caller's object as its own properties only, each once: a key that some
 * other dependency set on `Object.prototype` is never read, a getter runs once (its second
 * answer cannot differ from the one checked), and anything that throws on the way (a hostile
 * getter, a proxy trap) becomes `failure`. Values are never put into the error.
 */
export function readOwn<const K extends string>(
  value: unknown,
  keys: readonly K[],
  failure: () => PixwelError,
): Partial<Record<K, unknown>> {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) throw failure()
  const read: Partial<Record<K, unknown>> = Object.create(null) as Partial<Record<K, unknown>>
  try {
    for (const key of keys) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key)
      if (!descriptor) continue
      read[key] = (
        'value' in descriptor ? descriptor.value : descriptor.get?.call(value)
      ) as unknown
    }
  } catch {
    throw failure()
  }
  return read
}

/**
 * Whether `value` has members of these types (duck typing, for objects from other realms and
 * libraries); a getter that throws on the way makes it `false`, not an exception.
 */
export function hasMembers(
  value: unknown,
  members: Readonly<Record<string, 'boolean' | 'function'>>,
): boolean {
  if (typeof value !== 'object' || value === null) return false
  try {
    const record = value as Record<string, unknown>
    return Object.entries(members).every(([name, type]) => typeof record[name] === type)
  } catch {
    return false
  }
}

/** Whether `value` can be used as an `AbortSignal` (duck-typed: jsdom's and Node's differ). */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return hasMembers(value, {
    aborted: 'boolean',
    addEventListener: 'function',
    removeEventListener: 'function',
  })
}

/**
 * Listens for `signal`'s abort; returns the function that stops listening, or `null` when the
 * signal threw (a caller's hostile object: a bad argument, not a crash). Stopping never throws.
 */
export function onAbort(signal: AbortSignal, listener: () => void): (() => void) | null {
  try {
    signal.addEventListener('abort', listener, { once: true })
  } catch {
    return null
  }
  return () => {
    try {
      signal.removeEventListener('abort', listener)
    } catch {
      // A signal that throws here changes nothing: the wait is over.
    }
  }
}

/**
 * A callback option: a function, or absent (a `configuration` error otherwise). `F` is its
 * documented signature.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- F names what the caller gets
export function checkFunction<F extends (argument: never) => void>(
  value: unknown,
  name: string,
): F | undefined {
  if (value === undefined || typeof value === 'function') return value as F | undefined
  throw new PixwelError('configuration', `${name} must be a function.`)
}
