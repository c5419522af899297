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

// Building zod schemas is most of a cold start: each part is derived, and made optional, once.
const optionals = new Map<z.ZodType, z.ZodType>()
const derived = [new Map<z.ZodType, z.ZodType>(), new Map<z.ZodType, z.ZodType>()]

function optional(schema: z.ZodType): z.ZodType {
  let wrapped = optionals.get(schema)
  if (!wrapped) optionals.set(schema, (wrapped = schema.optional()))
  return wrapped
}

/**
 * Derives the wire or the domain form of a body schema (the wire with the domain's defaults),
 * so each field list is written once. Parts that come out the same are shared, not rebuilt.
 */
export function derive(schema: z.ZodType, wire: boolean): z.ZodType {
  const cache = derived[Number(wire)] as Map<z.ZodType, z.ZodType>
  let result = cache.get(schema)
  if (!result) cache.set(schema, (result = build(schema, wire)))
  return result
}

function build(schema: z.ZodType, wire: boolean): z.ZodType {
  const def = schema._zod.def as z.core.$ZodTypeDef & {
    innerType?: z.ZodType
    element?: z.ZodType
    shape?: Record<string, z.ZodType>
  }
  if (def.type === 'array') {
    const element = derive(def.element as z.ZodType, wire)
    return element === def.element ? schema : z.array(element)
  }
  if (def.type === 'object') {
    const shape: Record<string, z.ZodType> = {}
    let changed = false
    for (const [key, value] of Object.entries(def.shape as Record<string, z.ZodType>)) {
      let field = derive(value, wire)
      if (wire && field._zod.def.type !== 'optional') field = optional(field)
      const name = !wire && key === '_id' ? 'id' : key
      changed ||= field !== value || name !== key
      shape[name] = field
    }
    return changed ? z.object(shape) : schema
  }
  if (!def.innerType) return schema
  const inner = derive(def.innerType, wire)
  if (def.type !== 'optional') return inner
  if (inner === def.innerType) return schema
  return wire ? inner : optional(inner)
}
