import { z } from 'zod'

type Unwrapped<T> = T extends
  z.ZodDefault<infer I> | z.ZodPrefault<infer I> | z.ZodOptional<infer I>
  ? I
  : T
type Leaf<T> = Extract<Unwrapped<T>, z.ZodType>

/** The wire form of a body schema: no defaults, every object property optional. */
export type Wire<T> =
  Unwrapped<T> extends z.ZodArray<infer E>
    ? z.ZodArray<Wire<E>>
    : Unwrapped<T> extends z.ZodObject<infer S>
      ? z.ZodObject<{ -readonly [K in keyof S]: z.ZodOptional<Wire<S[K]>> }>
      : Leaf<T>

/** The domain form of a body schema: defaults applied (so required), `_id` named `id`. */
export type Domain<T> =
  T extends z.ZodOptional<infer I>
    ? z.ZodOptional<Domain<I>>
    : Unwrapped<T> extends z.ZodArray<infer E>
      ? z.ZodArray<Domain<E>>
      : Unwrapped<T> extends z.ZodObject<infer S>
        ? z.ZodObject<{ -readonly [K in keyof S as K extends '_id' ? 'id' : K]: Domain<S[K]> }>
        : Leaf<T>

/**
 * Derives the wire or the domain form of a body schema (the wire with the domain's defaults),
 * so each field list is written once.
 */
export function derive(schema: z.ZodType, wire: boolean): z.ZodType {
  const def = schema._zod.def as z.core.$ZodTypeDef & {
    innerType?: z.ZodType
    element?: z.ZodType
    shape?: Record<string, z.ZodType>
  }
  if (def.type === 'array') return z.array(derive(def.element as z.ZodType, wire))
  if (def.type === 'object') {
    const shape: Record<string, z.ZodType> = {}
    for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      const field = derive(value, wire)
      if (wire) shape[key] = field.optional()
      else shape[key === '_id' ? 'id' : key] = field
    }
    return z.object(shape)
  }
  if (!def.innerType) return schema
  const inner = derive(def.innerType, wire)
  return def.type === 'optional' && !wire ? inner.optional() : inner
}
