import { PixwelError } from '../errors/PixwelError.js'

/**
 * The ways an answer can differ from the contract.
 * - `unknown-field`: a field the contract does not describe (dropped);
 * - `wrong-type`: a value of another type than the contract's;
 * - `invalid-value`: the right type, but a value the contract does not allow (a number that is
 *   not a safe integer);
 * - `missing-required`: no identity (`_id` or `id`);
 * - `too-deep`: an untyped part (`items: {}`) nested deeper than 64 levels (`maxUnknownDepth`);
 * - `too-large`: more values than any answer within the size limit holds (only a JavaScript
 *   caller's object gets there: a huge sparse array, one value shared over and over).
 */
export const contractDriftKinds = [
  'unknown-field',
  'wrong-type',
  'invalid-value',
  'missing-required',
  'too-deep',
  'too-large',
] as const

/**
 * One difference between an answer and the contract: where, and of what kind. Never the value.
 *
 * @example
 * ```ts
 * const drift: ContractDrift = { path: ['preferences', 'mail', 'enabled'], kind: 'wrong-type' }
 * ```
 */
export interface ContractDrift {
  readonly path: readonly (string | number)[]
  readonly kind: ContractDriftKind
}

export type ContractDriftKind = (typeof contractDriftKinds)[number]

/**
 * How strictly a client holds answers to the contract.
 * - `strict` (the default): any value of the wrong type fails the sign-in (`invalid-response`);
 * - `tolerant`: a wrong value in a non-essential field falls back to its documented default
 *   (lists to `[]`: least privilege) or, with none, is left out. The essential fields (`_id`
 *   / `id`, `hasEnforced2fa`, `twofactorVerified`) still fail the sign-in.
 *
 * Unknown fields are dropped in both, and every difference is reported.
 *
 * @example
 * ```ts
 * const client = createPixwelClient({ contract: 'tolerant', onContractDrift: console.warn })
 * ```
 */
export type ContractMode = 'strict' | 'tolerant'

/**
 * What an answer had that the contract (`openapi/pixwel.yaml`) does not say: every
 * {@link ContractDrift} by path, never a value. Frozen: listeners share it.
 *
 * @example
 * ```ts
 * createPixwelClient({
 *   onContractDrift: (report) =>
 *     telemetry.track('pixwel-contract-drift', {
 *       version: report.contractVersion,
 *       paths: report.drift.map((drift) => `${drift.path.join('.')} ${drift.kind}`),
 *     }),
 * })
 * ```
 */
export interface ContractDriftReport {
  /** The contract the answer was read against (`info.version`). */
  readonly contractVersion: string
  /** The request whose answer drifted. */
  readonly endpoint: 'POST /session'
  readonly mode: ContractMode
  /** Each difference, in the order of the body, at most 100 (see `omitted`). */
  readonly drift: readonly ContractDrift[]
  /** How many more differences there were. */
  readonly omitted: number
  /** Whether the session was accepted despite them (or the answer failed: `invalid-response`). */
  readonly accepted: boolean
}

/** A caller's `contract` option, checked: `strict` when absent. */
export function checkContractMode(value: unknown): ContractMode {
  if (value === undefined || value === 'strict' || value === 'tolerant') return value ?? 'strict'
  throw new PixwelError('configuration', "`contract` must be 'strict' or 'tolerant'.")
}
