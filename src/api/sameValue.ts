/**
 * Whether two parsed JSON values are equal, whatever the order of their keys: a refresh whose
 * answer only reorders keys changes nothing. Arrays keep their order (it means something).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]))
  }
  if (Array.isArray(b)) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  const x = a as Record<string, unknown>
  const y = b as Record<string, unknown>
  return keys.every((key) => Object.hasOwn(y, key) && sameValue(x[key], y[key]))
}
