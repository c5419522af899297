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
export type PixwelErrorKind =
  | 'invalid-credentials'
  | 'unauthorized'
  | 'forbidden'
  | 'bad-request'
  | 'rate-limited'
  | 'server'
  | 'invalid-response'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'configuration'

/**
 * One schema problem of an `invalid-response`: where it is and what is wrong, never the value.
 *
 * @example
 * ```ts
 * error.issues?.map((issue) => issue.path.join('.')) // ['preferences.mail.enabled']
 * ```
 */
export interface PixwelIssue {
  readonly path: readonly PropertyKey[]
  readonly code: string
  readonly message: string
}

/**
 * Options of a {@link PixwelError} besides its kind and message.
 *
 * @example
 * ```ts
 * new PixwelError('rate-limited', 'Too many attempts.', { status: 429, retryAfterMs: 30_000 })
 * ```
 */
export interface PixwelErrorOptions {
  status?: number
  retryAfterMs?: number
  issues?: readonly PixwelIssue[]
  /** Only secret-free causes: the library never passes axios errors (they hold headers) here. */
  cause?: unknown
}

/**
 * The one error type of pixwel-react. Carries a `kind`, a message a developer can act on,
 * and never a credential, an `Authorization` value or a request config.
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
export class PixwelError extends Error {
  override readonly name = 'PixwelError' as const
  readonly kind: PixwelErrorKind
  readonly status?: number
  readonly retryAfterMs?: number
  readonly issues?: readonly PixwelIssue[]

  constructor(kind: PixwelErrorKind, message: string, options?: PixwelErrorOptions) {
    // Own properties only: a polluted `Object.prototype.retryAfterMs` is not this error's.
    const own = (key: keyof PixwelErrorOptions) =>
      options && Object.hasOwn(options, key) ? options[key] : undefined
    const cause = own('cause')
    super(message, cause === undefined ? undefined : { cause })
    this.kind = kind
    const status = own('status') as number | undefined
    const retryAfterMs = own('retryAfterMs') as number | undefined
    const issues = own('issues') as readonly PixwelIssue[] | undefined
    if (status !== undefined) this.status = status
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs
    if (issues !== undefined) this.issues = issues
  }

  /** A plain, secret-free description, used by `JSON.stringify` and devtools. */
  toJSON(): {
    name: 'PixwelError'
    kind: PixwelErrorKind
    message: string
    status?: number
    retryAfterMs?: number
    issues?: readonly PixwelIssue[]
  } {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.issues === undefined ? {} : { issues: this.issues }),
    }
  }
}

const kinds: ReadonlySet<string> = new Set<PixwelErrorKind>([
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
])

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
