import * as z from 'zod/mini'
import { domainName, hasDefault, roleOf, type Field, type ObjectField } from './field.js'

/**
 * The zod schema of a contract field (zod/mini: a quarter of classic zod's bytes, and
 * composable into classic schemas). `wire`: as the API sends it, every property optional, no
 * defaults. `domain`: as the domain has it, with defaults and `_id` named `id`. Unknown keys
 * are dropped in both, as the parser does.
 */
export function toZod(described: Field, form: 'wire' | 'domain'): z.ZodMiniType {
  switch (described.kind) {
    case 'string':
    case 'boolean':
    case 'integer': {
      const base = scalars[described.kind]()
      return form === 'domain' && described.fallback !== undefined
        ? z._default(base, described.fallback)
        : base
    }
    case 'unknown':
      return z.unknown()
    case 'list': {
      const list = z.array(toZod(described.item, form))
      return form === 'domain' ? z._default(list, () => []) : list
    }
    case 'object': {
      const object = toZodObject(described, form)
      return form === 'domain' && described.section ? z.prefault(object, {}) : object
    }
  }
}

const scalars = { string: z.string, boolean: z.boolean, integer: z.int }

export function toZodObject(
  described: ObjectField,
  form: 'wire' | 'domain',
  options: { withRoles?: boolean } = {},
): z.ZodMiniObject {
  const shape: Record<string, z.ZodMiniType> = {}
  for (const [key, value] of Object.entries(described.fields)) {
    if (roleOf(value) && !options.withRoles) continue
    const schema = toZod(value, form)
    const optional = form === 'wire' || !hasDefault(value)
    shape[form === 'wire' ? key : domainName(key)] = optional ? z.optional(schema) : schema
  }
  return z.object(shape)
}
