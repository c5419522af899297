import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

interface SchemaNode {
  type?: string
  properties?: Record<string, SchemaNode>
  items?: SchemaNode
  example?: unknown
}

type Body = Record<string, unknown>

/** The example the OpenAPI document gives: each property's `example`, lists of one item. */
function exampleOf(node: SchemaNode): unknown {
  if (node.type === 'object') {
    const out: Body = {}
    for (const [key, child] of Object.entries(node.properties ?? {})) out[key] = exampleOf(child)
    return out
  }
  if (node.type === 'array') return node.items?.type ? [exampleOf(node.items)] : []
  return node.example
}

const contract = parse(readFileSync('openapi/pixwel.yaml', 'utf8')) as {
  components: { schemas: { SessionResponse: SchemaNode } }
}

/** The spec's example body of `POST /session` (about 1.6 kB of JSON). */
export function specExample(): Body {
  return exampleOf(contract.components.schemas.SessionResponse) as Body
}

const hex = (seed: number) => (0x5328d77467d621906d8b0000n + BigInt(seed)).toString(16)

function group(index: number): Body {
  return {
    _id: hex(index),
    addresses: [
      {
        name: `Office ${index}`,
        address: `${100 + index} Market Street`,
        city: 'Los Angeles',
        state: 'CA',
        postalCode: String(90000 + index),
        country: 'USA',
      },
    ],
    name: `Studio group ${index}`,
    studios: [hex(index + 500)],
    type: index % 3 === 0 ? 'a' : 'v',
    users: [hex(index + 1000), hex(index + 2000)],
  }
}

/**
 * A realistic session of about 10 kB: the spec's example with 22 groups, 12 contact lists,
 * 14 dashboard widgets, several countries and languages, and string permissions.
 */
export function realisticBody(): Body {
  const body = specExample()
  const preferences = body.preferences as Body
  body.groups = Array.from({ length: 22 }, (_, index) => group(index))
  body.roles = ['a', 'v', 'reviewer']
  body.permissions = Array.from({ length: 10 }, (_, index) => `projects.${index}.read`)
  body.territory = {
    ...(body.territory as Body),
    countries: [
      { name: 'United States', code: 'US' },
      { name: 'Canada', code: 'CA' },
      { name: 'Mexico', code: 'MX' },
    ],
    languages: [
      { name: 'English', code: 'ENG', dcpCode: 'EN' },
      { name: 'Spanish', code: 'SPA', dcpCode: 'ES' },
      { name: 'French', code: 'FRA', dcpCode: 'FR' },
    ],
  }
  preferences.contactLists = Array.from({ length: 12 }, (_, index) => ({
    name: `List ${index}`,
    recipients: { groups: [hex(index + 3000)], users: [hex(index + 4000), hex(index + 5000)] },
  }))
  preferences.reports = {
    workRequests: {
      dashboard: Array.from({ length: 14 }, (_, index) => ({
        i: `chart-${index}`,
        x: (index % 2) * 6,
        y: Math.floor(index / 2) * 2,
        w: 6,
        h: 2,
      })),
      hiddenCharts: ['map', 'burndown'],
    },
  }
  return body
}

/** The spec's example with `groups` grown to about `bytes` of JSON. */
export function bodyWithGroups(bytes: number): Body {
  const body = specExample()
  const groups: Body[] = []
  let size = 2
  for (let index = 0; size < bytes; index++) {
    const next = group(index)
    groups.push(next)
    size += JSON.stringify(next).length + 1
  }
  body.groups = groups
  return body
}
