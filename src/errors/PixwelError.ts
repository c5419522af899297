/**
 * Every kind of {@link PixwelError}, in one list: the {@link PixwelErrorKind} union, the
 * run-time check of {@link isPixwelError} and the details each kind carries all come from it.
 *
 * @example
 * ```ts
 * for (const kind of pixwelErrorKinds) console.log(kind, pixwelErrorMessages[kind])
 * ```
 */
export const pixwelErrorKinds = [
  'invalid-credentials',
  'unauthorized',
  'forbidden',
  'bad-request',
  'rate-limited',
  'server',
  'invalid-response',
  'network',
  'timeout',
  'aborted',
  'configuration',
] as const

/**
 * Every way a Pixwel call can fail, as one discriminant.
 *
 * @example
 * ```ts
 * function message(kind: PixwelErrorKind): string {
 *   switch (kind) {
 *     case 'invalid-credentials':
 *       return 'Wrong username or password.'
 *     // …one case per kind; TypeScript checks the switch is exhaustive
 *   }
 * }
 * ```
 */
export type PixwelErrorKind = (typeof pixwelErrorKinds)[number]

/**
 * One schema problem of an `invalid-response`: where it is and what is wrong, never the value.
 *
 * @example
 * ```ts
 * if (error.kind === 'invalid-response') {
 *   error.issues?.map((issue) => issue.path.join('.')) // ['preferences.mail.enabled']
 * }
 * ```
 */
export interface PixwelIssue {
  readonly path: readonly PropertyKey[]
  readonly code: string
  readonly message: string
}

/**
 * The credential a sign-in used: `'password'` (`{ username, password }`) or `'token'` (a
 * personal access token). An `invalid-credentials` or `unauthorized` error says which one
 * failed, so its messages name the right one.
 *
 * @example
 * ```ts
 * if (error.kind === 'invalid-credentials' && error.credential === 'token') askForANewToken()
 * ```
 */
export type PixwelCredential = 'password' | 'token'

/** The details an error may carry besides its kind and message. */
interface Details {
  /** The HTTP status of the API's answer. */
  status: number
  /** How long the API asked to wait (its `Retry-After`), in ms. */
  retryAfterMs: number
  /** What in the answer broke the contract (paths and codes, never values). */
  issues: readonly PixwelIssue[]
  /** The credential that was refused or no longer works. */
  credential: PixwelCredential
}

/** Every key of {@link Details}, checked by the compiler, for the constructor's loop. */
const detailKeys = {
  status: true,
  retryAfterMs: true,
  issues: true,
  credential: true,
} as const satisfies Record<keyof Details, true>

/**
 * Which details each kind carries: `status` on the kinds made from an HTTP answer (`toPixwelError`
 * maps 401, 403, 429, other 4xx, 5xx and unexpected statuses to them), `retryAfterMs` on
 * `rate-limited`, `issues` on `invalid-response`, `credential` on the two kinds of a 401. The constructor keeps these and no others.
 */
const detailsOf = {
  // 401 on a sign-in; no status when the credentials were refused before anything was sent.
  'invalid-credentials': ['status', 'credential'],
  // 401 on the held credentials; no status when there was no session to use.
  unauthorized: ['status', 'credential'],
  forbidden: ['status'],
  'bad-request': ['status'],
  'rate-limited': ['status', 'retryAfterMs'],
  server: ['status'],
  // An unexpected status, or (without one) a body that breaks the contract.
  'invalid-response': ['status', 'issues'],
  network: [],
  timeout: [],
  aborted: [],
  configuration: [],
} as const satisfies { readonly [K in PixwelErrorKind]: readonly (keyof Details)[] }

/** The details of kind `K`, each `undefined` when the failure did not say. */
type DetailsOf<K extends PixwelErrorKind> = {
  readonly [D in (typeof detailsOf)[K][number]]?: Details[D]
}

/**
 * What `JSON.stringify` and devtools see of a {@link PixwelError}: plain and secret-free.
 */
export type PixwelErrorJSON<K extends PixwelErrorKind = PixwelErrorKind> = {
  [P in K]: {
    readonly name: 'PixwelError'
    readonly kind: P
    readonly message: string
  } & DetailsOf<P>
}[K]

/** What every kind of {@link PixwelError} has. */
interface PixwelErrorBase<K extends PixwelErrorKind> extends Error {
  readonly name: 'PixwelError'
  readonly kind: K
  /** A plain, secret-free description, used by `JSON.stringify` and devtools. */
  toJSON(): PixwelErrorJSON<K>
}

/**
 * Options of a {@link PixwelError} besides its kind and message: the details its kind carries
 * (`status`, `retryAfterMs` for `rate-limited`, `issues` for `invalid-response`, `credential`
 * for `invalid-credentials` and `unauthorized`) and a `cause`.
 *
 * @example
 * ```ts
 * new PixwelError('rate-limited', 'Too many attempts.', { status: 429, retryAfterMs: 30_000 })
 * ```
 */
export type PixwelErrorOptions<K extends PixwelErrorKind = PixwelErrorKind> =
  K extends PixwelErrorKind
    ? {
        -readonly [D in keyof DetailsOf<K>]?: DetailsOf<K>[D]
      } & {
        /** Only secret-free causes: the library never passes axios errors (they hold headers) here. */
        cause?: unknown
      }
    : never

/**
 * The one error type of pixwel-react: a union over {@link PixwelErrorKind}, so a check of
 * `kind` narrows it to the details that kind carries (`retryAfterMs` on `rate-limited`,
 * `issues` on `invalid-response`, `status` on the kinds made from an HTTP answer). Carries a
 * message a developer can act on, and never a credential, an `Authorization` value or a
 * request config. `PixwelError<'timeout'>` is one kind's error.
 *
 * @example
 * ```ts
 * try {
 *   await client.createSession({ username, password })
 * } catch (error) {
 *   if (isPixwelError(error) && error.kind === 'rate-limited') {
 *     retryIn(error.retryAfterMs ?? 60_000)
 *   }
 * }
 * ```
 */
export type PixwelError<K extends PixwelErrorKind = PixwelErrorKind> = {
  [P in K]: PixwelErrorBase<P> & DetailsOf<P>
}[K]

/**
 * The constructor of {@link PixwelError}: `new PixwelError(kind, message, options)` is typed by
 * its kind, and `instanceof PixwelError` narrows to the union of every kind.
 */
interface PixwelErrorConstructor {
  new <K extends PixwelErrorKind>(
    kind: K,
    message: string,
    options?: PixwelErrorOptions<K>,
  ): PixwelError<K>
  readonly prototype: PixwelError
}

/**
 * The run-time class of {@link PixwelError}, typed by kind through
 * {@link PixwelErrorConstructor}.
 *
 * @example
 * ```ts
 * throw new PixwelError('configuration', 'baseURL must be a string.')
 * if (error instanceof PixwelError && error.kind === 'invalid-response') error.issues
 * ```
 */
// The class has every detail; the constructor's type gives each kind only its own.
export const PixwelError = class PixwelError extends Error {
  override readonly name = 'PixwelError' as const
  readonly kind: PixwelErrorKind
  declare readonly status?: number
  declare readonly retryAfterMs?: number
  declare readonly issues?: readonly PixwelIssue[]
  declare readonly credential?: PixwelCredential

  constructor(kind: PixwelErrorKind, message: string, options?: PixwelErrorOptions) {
    // Own properties only: a polluted `Object.prototype.retryAfterMs` is not this error's.
    const own = (key: keyof Details | 'cause'): unknown =>
      options && Object.hasOwn(options, key) ? (options as Record<string, unknown>)[key] : undefined
    const cause = own('cause')
    super(message, cause === undefined ? undefined : { cause })
    this.kind = kind
    // Every detail is an own property, `undefined` unless this kind carries it and the options
    // give it: a polluted `Object.prototype.status` never shows through, and a `network` error
    // never has a `retryAfterMs`. Defined, not assigned: no inherited setter is called.
    const carried: readonly string[] = detailsOf[kind]
    for (const key of Object.keys(detailKeys) as (keyof Details)[]) {
      Object.defineProperty(this, key, {
        value: carried.includes(key) ? own(key) : undefined,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    }
  }

  toJSON(): PixwelErrorJSON {
    const json: Record<string, unknown> = {
      name: this.name,
      kind: this.kind,
      message: this.message,
    }
    for (const key of detailsOf[this.kind] as readonly (keyof Details)[]) {
      if (this[key] !== undefined) json[key] = this[key]
    }
    return json as PixwelErrorJSON
  }
} as unknown as PixwelErrorConstructor

const kinds: ReadonlySet<string> = new Set(pixwelErrorKinds)

/**
 * Whether `value` is a {@link PixwelError}. Also true for one made by another copy of the
 * library or in another realm (an iframe, a worker), which `instanceof` misses.
 *
 * @example
 * ```ts
 * const { error } = useCreateSession()
 * if (isPixwelError(error) && error.kind === 'invalid-credentials') showWrongPassword()
 * ```
 */
export function isPixwelError(value: unknown): value is PixwelError {
  if (value instanceof PixwelError) return true
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as { name?: unknown; kind?: unknown; message?: unknown }
  return (
    candidate.name === 'PixwelError' &&
    typeof candidate.kind === 'string' &&
    kinds.has(candidate.kind) &&
    typeof candidate.message === 'string'
  )
}
