import type { PixwelError } from '../errors/PixwelError.js'
import type { ContractDriftReport } from '../schemas/contractDrift.js'
import type { Session } from '../schemas/sessionContract.js'

/**
 * Why a session ended:
 * - `sign-out`: `signOut()`, here or in another tab of the app on the same API root;
 * - `unauthorized`: Pixwel answered a request that carried the credentials with a 401;
 * - `not-restored`: the kept session was not there, or could not be restored (see `error`);
 * - `two-factor-expired`: the verification link was not opened before `expiresAt`;
 * - `idle`: no user activity in any tab of the app for the idle timeout (`pixwelIdle`).
 */
export type PixwelSignedOutReason =
  'sign-out' | 'unauthorized' | 'not-restored' | 'two-factor-expired' | 'idle'

/**
 * The `signed-out` snapshot. At creation it has no `reason`; after a session ended it says
 * why, whether it happened in another tab (`crossTab`), and the error where there is one.
 * Checking `reason` narrows `error`.
 *
 * @example
 * ```ts
 * const state = client.getSession()
 * if (state.status === 'signed-out' && state.reason === 'two-factor-expired') {
 *   showBanner('The link expired: please sign in again.') // state.error: PixwelError (timeout)
 * }
 * ```
 */
export type PixwelSignedOutSnapshot =
  | {
      readonly status: 'signed-out'
      readonly session: null
      readonly reason?: undefined
      readonly error?: undefined
    }
  | {
      readonly status: 'signed-out'
      readonly session: null
      readonly reason: 'sign-out' | 'idle'
      /** The sign-out was made in another tab of the app. */
      readonly crossTab: boolean
    }
  | {
      readonly status: 'signed-out'
      readonly session: null
      readonly reason: 'unauthorized' | 'two-factor-expired'
      readonly crossTab: boolean
      /** The 401 (`unauthorized`), or the expiry (`timeout`). */
      readonly error: PixwelError
    }
  | {
      readonly status: 'signed-out'
      readonly session: null
      readonly reason: 'not-restored'
      readonly crossTab: boolean
      /** Why the kept session could not be restored; absent when nothing was kept. */
      readonly error?: PixwelError
    }

/**
 * Where the user stands, as the client holds it: no session (and why), a kept session being
 * restored (or not reachable for now), a session, or a session that still needs its second factor (two-factor enforced
 * and not verified) until `expiresAt`. The status decides what `session` is, so a check of
 * `status` narrows it.
 *
 * @example
 * ```ts
 * const state = client.getSession()
 * if (state.status === 'signed-in') console.log(state.session.name) // session: Session
 * if (state.status === 'two-factor-required') console.log(new Date(state.expiresAt))
 * ```
 */
export type PixwelSessionSnapshot =
  | PixwelSignedOutSnapshot
  | { readonly status: 'restoring'; readonly session: null }
  | {
      /**
       * The kept session could not be restored because Pixwel could not be reached (the
       * network, a timeout, a 5xx): the token is kept, and the client tries again by itself
       * (with backoff, at once when the browser is back online or the page is shown again).
       * Not signed out: only Pixwel's 401 says the credentials are no good.
       */
      readonly status: 'unreachable'
      readonly session: null
      readonly error: PixwelError
    }
  | { readonly status: 'signed-in'; readonly session: Session }
  | {
      readonly status: 'two-factor-required'
      readonly session: Session
      /**
       * When the emailed link expires (epoch milliseconds, wall clock): set once per
       * challenge from the sign-in's answer and `twoFactorLifetimeMs`; at that moment the
       * client signs out with reason `two-factor-expired`.
       */
      readonly expiresAt: number
    }

/**
 * The statuses of a {@link PixwelSessionSnapshot}.
 */
export type PixwelSessionStatus = PixwelSessionSnapshot['status']

/** A snapshot that holds a session. */
export type PixwelSessionHeld = Extract<PixwelSessionSnapshot, { session: Session }>

/**
 * What a client tells its subscribers, with the snapshot the change produced: a sign-in
 * succeeded, a refresh changed the session, or the session ended (with the same `reason`,
 * `crossTab` and `error` as the snapshot).
 *
 * @example
 * ```ts
 * client.subscribe((event) => {
 *   if (event.type === 'signed-out' && event.reason === 'unauthorized') showSignIn()
 * })
 * ```
 */
export type PixwelClientEvent =
  | { readonly type: 'signed-in'; readonly snapshot: PixwelSessionHeld }
  | {
      /** A refresh changed the signed-in user's session (roles, preferences, verification). */
      readonly type: 'updated'
      readonly snapshot: PixwelSessionHeld
    }
  | {
      readonly type: 'signed-out'
      readonly reason: PixwelSignedOutReason
      /** The session ended in another tab of the app. */
      readonly crossTab: boolean
      /** What ended the session, where there is an error. */
      readonly error?: PixwelError
      readonly snapshot: Exclude<PixwelSignedOutSnapshot, { reason?: undefined }>
    }
  | {
      /** A restore could not reach Pixwel: the client tries again by itself. */
      readonly type: 'unreachable'
      readonly error: PixwelError
      readonly snapshot: Extract<PixwelSessionSnapshot, { status: 'unreachable' }>
    }
  | {
      /**
       * The idle sign-out (`pixwelIdle`) is near: at `signOutAt` (epoch ms), `msLeft` from
       * now; or activity in some tab put it off (both `null`).
       */
      readonly type: 'idle-warning'
      readonly signOutAt: number | null
      readonly msLeft: number | null
      readonly snapshot: PixwelSessionSnapshot
    }
  | {
      /** An answer differed from the contract (the session may still have been accepted). */
      readonly type: 'contract-drift'
      readonly report: ContractDriftReport
      readonly snapshot: PixwelSessionSnapshot
    }

/** The snapshot of a client made now: signed out, for no reason yet. */
export const initialSignedOut: PixwelSignedOutSnapshot = Object.freeze({
  status: 'signed-out',
  session: null,
  // Own, though empty: a polluted Object.prototype never makes up a reason.
  reason: undefined,
  error: undefined,
})

/** The one `restoring` snapshot. */
export const restoring: PixwelSessionSnapshot = Object.freeze({
  status: 'restoring',
  session: null,
})
