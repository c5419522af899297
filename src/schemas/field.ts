/**
 * The vocabulary the session contract is written in (see `sessionContract.ts`): each field of a
 * Pixwel body is a plain object saying its type and its documented default. The contract is
 * written once in it; the parser, the zod schemas, the field list and the TypeScript types all
 * follow from it. Plain objects, not zod schemas, so that importing the package and signing
 * in build no zod schema and bundle no zod (BENCHMARKS.md, bundle cost).
 */
export type Field = ScalarField | UnknownField | ListField | ObjectField

/** What a top-level field is for, besides data: see `sessionContract.ts`. */
export type FieldRole = 'identity' | 'two-factor' | 'secret'

interface Scalars {
  string: string
  boolean: boolean
  integer: number
}

/** A string, a boolean or a safe integer; with `fallback`, the documented default. */
export interface ScalarField<K extends keyof Scalars = keyof Scalars> {
  readonly kind: K
  readonly fallback?: Scalars[K]
  readonly role?: FieldRole
}

/** Any value (the contract's `items: {}`): kept as sent, minus anything that looks secret. */
export interface UnknownField {
  readonly kind: 'unknown'
}

/** A list; its documented default is the empty list. */
export interface ListField<I extends Field = Field> {
  readonly kind: 'list'
  readonly item: I
}

/** An object. A `section` is always present: absent, it is made of its fields' defaults. */
export interface ObjectField<S extends Fields = Fields> {
  readonly kind: 'object'
  readonly fields: S
  readonly section: boolean
}

export interface Fields {
  readonly [name: string]: Field
}

/** The builders the contract is written with. */
export const field = {
  string: scalar('string'),
  boolean: scalar('boolean'),
  integer: scalar('integer'),
  unknown: (): UnknownField => ({ kind: 'unknown' }),
  list: <I extends Field>(item: I): ListField<I> => ({ kind: 'list', item }),
  /** An object that may be absent. */
  object: <S extends Fields>(fields: S): ObjectField<S> & { section: false } => ({
    kind: 'object',
    fields,
    section: false,
  }),
  /** An object that is always there (absent, it holds its fields' defaults). */
  section: <S extends Fields>(fields: S): ObjectField<S> & { section: true } => ({
    kind: 'object',
    fields,
    section: true,
  }),
  /** The same field with a role (`identity`, `two-factor`, `secret`). */
  withRole: <F extends ScalarField, R extends FieldRole>(
    described: F,
    role: R,
  ): F & { role: R } => ({ ...described, role }),
}

function scalar<K extends keyof Scalars>(kind: K) {
  function build(): ScalarField<K>
  function build(fallback: Scalars[K]): ScalarField<K> & { fallback: Scalars[K] }
  function build(fallback?: Scalars[K]): ScalarField<K> {
    return fallback === undefined ? { kind } : { kind, fallback }
  }
  return build
}

/** A field's role, if it has one (only scalars do). */
export function roleOf(described: Field): FieldRole | undefined {
  return 'role' in described ? described.role : undefined
}

/** The name a body field has in the domain: `_id` is `id`, `$links` is `links`. */
export function domainName(name: string): string {
  return name === '_id' ? 'id' : name.startsWith('$') ? name.slice(1) : name
}

/** Whether a field is always present in the domain: it has a default, or is a list or section. */
export function hasDefault(described: Field): boolean {
  if (described.kind === 'list') return true
  if (described.kind === 'object') return described.section
  return described.kind !== 'unknown' && described.fallback !== undefined
}

/** {@link domainName}, for types. */
export type DomainName<K> = K extends '_id' ? 'id' : K extends `$${infer Rest}` ? Rest : K

/** {@link hasDefault}, for types. */
type AlwaysThere<F> = F extends { fallback: unknown } | ListField | { section: true } ? true : false

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/**
 * The TypeScript type of a field in a form: `wire`, as the API sends it (every object field
 * optional), or `domain`, as the domain has it (defaults applied, `_id` named `id`).
 */
export type ValueOf<F, Form extends 'wire' | 'domain'> =
  F extends ScalarField<infer K>
    ? Scalars[K]
    : F extends ListField<infer I>
      ? ValueOf<I, Form>[]
      : F extends ObjectField<infer S>
        ? Form extends 'wire'
          ? WireObject<S>
          : DomainObject<S>
        : unknown

/** Every field optional, as the contract has it. */
export type WireObject<S extends Fields> = Simplify<{
  -readonly [K in keyof S]?: ValueOf<S[K], 'wire'>
}>

export type DomainObject<S extends Fields> = Simplify<
  {
    -readonly [K in keyof S as AlwaysThere<S[K]> extends true ? DomainName<K> : never]: ValueOf<
      S[K],
      'domain'
    >
  } & {
    -readonly [K in keyof S as AlwaysThere<S[K]> extends true ? never : DomainName<K>]?: ValueOf<
      S[K],
      'domain'
    >
  }
>
