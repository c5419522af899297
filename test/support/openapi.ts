import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

interface SchemaNode {
  type?: string
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  example?: unknown
  $ref?: string
}

interface OpenApiDocument {
  info: { version: string }
  paths: Record<string, Record<string, unknown>>
  components: { schemas: Record<string, SchemaNode> }
}

export const contract = parse(
  readFileSync(new URL('../../openapi/pixwel.yaml', import.meta.url), 'utf8'),
) as OpenApiDocument

export const sessionResponseNode: SchemaNode = contract.components.schemas.SessionResponse!

/** The example body the spec describes: each property's `example`, arrays of one example item. */
export function exampleOf(node: SchemaNode): unknown {
  if (node.type === 'object') {
    const out: Record<string, unknown> = {}
    for (const [key, child] of Object.entries(node.properties ?? {})) out[key] = exampleOf(child)
    return out
  }
  if (node.type === 'array') {
    const item = node.items ?? {}
    return item.type === undefined ? [] : [exampleOf(item)]
  }
  return node.example
}

export interface LeafPath {
  path: (string | number)[]
  type: string
}

/** Every typed property of the spec, as a path into the example body (array items at index 0). */
export function typedPaths(node: SchemaNode, path: (string | number)[] = []): LeafPath[] {
  const out: LeafPath[] = []
  if (path.length > 0 && node.type) out.push({ path, type: node.type })
  if (node.type === 'object') {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      out.push(...typedPaths(child, [...path, key]))
    }
  } else if (node.type === 'array' && node.items?.type) {
    out.push(...typedPaths(node.items, [...path, 0]))
  }
  return out
}

/** A value of the wrong JSON type for a property of type `type`. */
export function wrongValueFor(type: string): unknown {
  switch (type) {
    case 'string':
      return 42
    case 'integer':
      return 1.5
    case 'number':
    case 'boolean':
      return 'not-a-' + type
    case 'array':
      return { not: 'an array' }
    case 'object':
      return 'not an object'
    default:
      throw new Error(`no wrong value for ${type}`)
  }
}

export function setAt(target: unknown, path: (string | number)[], value: unknown): void {
  let cursor = target as Record<string | number, unknown>
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>
  cursor[path.at(-1)!] = value
}
