import type { PixwelError } from '../errors/PixwelError.js'
import type { Session } from '../schemas/sessionContract.js'
import type { SessionField } from '../schemas/sessionFields.js'
import {
  initialSignedOut,
  restoring,
  type PixwelClientEvent,
  type PixwelSessionSnapshot,
} from './PixwelSessionSnapshot.js'
import { adopt, adoptKept } from './sessionAdoption.js'
import {
  aborted,
  answered,
  dispose,
  end,
  expire,
  failed,
  shorten,
  signedOut,
  signOut,
  unchanged,
  why,
} from './sessionOutcomes.js'

/**
 * The session's lifecycle, written once: `transition(state, event)` is the next state and the
 * effects to carry out. It is pure: no timers, no network, no storage, no clock (events carry
 * the time). The client (`createPixwelClient.ts`) feeds it events, runs the effects with small
 * modules (requests, storage, the two-factor challenge, the channel, refresh triggers), and
 * those modules report back as events. An event that arrives after the state moved on (the
 * answer to a cancelled request, a read of the storage after a sign-in, the expiry of an old
 * challenge) finds nothing to act on and changes nothing.
 */

/** Held credentials: the `Authorization` value, compared by identity (a new sign-in, a new one). */
export interface Auth {
  readonly value: string
  /**
   * The keep these credentials follow (the id of a kept token: restored from it, or signed in
   * and kept), or `null` (a password, a token not kept). Tabs that follow one keep share its
   * refreshes and its changes of account over the channel, by this id, never by the token.
   */
  readonly kid: string | null
}

/** What a sign-in does with the kept token once it succeeds. */
export type Keep = { readonly token: string } | 'forget' | 'leave'

/** A `POST /session` under way. */
export interface Flight {
  readonly id: number
  /** `sign-in` (new credentials), `refresh` (the held ones) or `restore` (the kept token). */
  readonly kind: 'sign-in' | 'refresh' | 'restore'
  readonly auth: Auth
  /** Who may join it: the credentials and the fields asked for. */
  readonly key: string
  readonly keep: Keep
  /** Always an own property (`undefined` for all): a polluted prototype is never read. */
  readonly fields: readonly SessionField[] | undefined
}

/** One two-factor sign-in waiting for its emailed link: one deadline, whoever waits. */
export interface Challenge {
  readonly id: number
  readonly auth: Auth
  /** The identity of the session that must be verified. */
  readonly user: string
  /** When the sign-in's answer arrived (wall clock, epoch ms). */
  readonly startedAt: number
  readonly expiresAt: number
}

export interface MachineState {
  readonly snapshot: PixwelSessionSnapshot
  /** The credentials every request carries, or `null`. */
  readonly auth: Auth | null
  readonly flight: Flight | null
  /** A kept token is being read from an asynchronous storage. */
  readonly reading: boolean
  readonly challenge: Challenge | null
  /** `unreachable`: the kept credentials to try again, and how many tries failed. */
  readonly retry: { readonly auth: Auth; readonly attempt: number } | null
  readonly disposed: boolean
  /** The link's lifetime (`twoFactorLifetimeMs`). */
  readonly lifetimeMs: number
  /** The last sign-out, on sealCredentials' clock: a sign-in sealed before it loses. */
  readonly signedOutAt: number
  /** Ids of flights and challenges. */
  readonly nextId: number
}

export type MachineEvent =
  /** The kept token was read (`null`: none). */
  | {
      readonly type: 'stored'
      readonly token: string | null
      /** The keep's id of `token`. */
      readonly kid: string
      /** Why there is none to restore (a storage that never answered), if there is a why. */
      readonly error: PixwelError | undefined
    }
  | {
      readonly type: 'sign-in'
      readonly auth: Auth
      readonly key: string
      readonly keep: Keep
      readonly fields: readonly SessionField[] | undefined
    }
  | { readonly type: 'refresh' }
  /** Another tab following keep `kid` refreshed and its session changed. */
  | { readonly type: 'adopt'; readonly kid: string; readonly session: Session }
  /**
   * Another tab kept a new token (`kid`), read here from the storage (never sent over the
   * channel), with the session it signed in to.
   */
  | {
      readonly type: 'adopt-kept'
      readonly token: string
      readonly kid: string
      readonly session: Session
    }
  /** The answer to flight `id` (`at`: wall clock when it arrived). */
  | {
      readonly type: 'answered'
      readonly id: number
      readonly session: Session
      readonly at: number
    }
  | { readonly type: 'failed'; readonly id: number; readonly error: PixwelError }
  /** Every caller of flight `id` went away. */
  | { readonly type: 'abandoned'; readonly id: number }
  /** A request that carried `value` got a 401 from the API (`at`: sealCredentials' clock). */
  | {
      readonly type: 'rejected'
      readonly value: string
      readonly error: PixwelError
      readonly at: number
    }
  | {
      readonly type: 'sign-out'
      /** `idle`: no activity in any tab for the idle extension's timeout. */
      readonly reason: 'sign-out' | 'idle'
      readonly crossTab: boolean
      readonly at: number
      /** From another tab: the keep it signed out of (`null`: a password, or none). */
      readonly kid: string | null
    }
  /** The deadline of challenge `id` was seen passed on the wall clock. */
  | { readonly type: 'expired'; readonly id: number; readonly at: number }
  /** Time to try an unreachable restore again (a backoff timer, `online`, the page shown). */
  | { readonly type: 'retry' }
  /** A wait asks for a deadline `timeoutMs` after the sign-in's answer (never a later one). */
  | { readonly type: 'shorten'; readonly timeoutMs: number }
  | { readonly type: 'dispose' }

export type Effect =
  /** Send flight's request. */
  | { readonly type: 'send'; readonly flight: Flight }
  /** Stop flight `id`'s request; its callers get `error`. */
  | { readonly type: 'cancel'; readonly id: number; readonly error: PixwelError }
  /** Flight `id`'s callers get `session`, if `auth` is still held when this runs. */
  | { readonly type: 'settle'; readonly id: number; readonly session: Session; readonly auth: Auth }
  | { readonly type: 'fail'; readonly id: number; readonly error: PixwelError }
  /** Storage: keep this token (replacing the kept one), or forget the token this client kept. */
  | { readonly type: 'keep'; readonly token: string; readonly kid: string }
  /** Tell the tabs that follow keep `kid` of a session: a refresh's, or a newly kept one's. */
  | {
      readonly type: 'share'
      readonly kind: 'session' | 'kept'
      readonly kid: string
      readonly session: Session
    }
  | { readonly type: 'forget' }
  /** Watch challenge's deadline; end challenge `id` with a session or an error for its waits. */
  | { readonly type: 'arm'; readonly challenge: Challenge }
  | { readonly type: 'end-challenge'; readonly id: number; readonly outcome: Session | PixwelError }
  | { readonly type: 'emit'; readonly event: PixwelClientEvent }
  /** Tell the other tabs of a sign-out. */
  | { readonly type: 'post'; readonly kid: string | null; readonly reason: 'sign-out' | 'idle' }
  /** Call `onUnauthorized`. */
  | { readonly type: 'unauthorized'; readonly error: PixwelError }
  /** Try again after a backoff for the `attempt`-th failure (or at `online`, or when shown). */
  | { readonly type: 'retry-later'; readonly attempt: number }
  /** Close what the client opened (channel, timers). */
  | { readonly type: 'close' }

export interface Transition {
  readonly state: MachineState
  readonly effects: readonly Effect[]
}

/** The state of a new client: `restoring` when a kept token is (being) read. */
export function initialState(options: { restoring: boolean; lifetimeMs: number }): MachineState {
  return {
    snapshot: options.restoring ? restoring : initialSignedOut,
    auth: null,
    flight: null,
    reading: options.restoring,
    challenge: null,
    retry: null,
    disposed: false,
    lifetimeMs: options.lifetimeMs,
    signedOutAt: 0,
    nextId: 1,
  }
}

export function transition(state: MachineState, event: MachineEvent): Transition {
  if (state.disposed) return unchanged(state)
  switch (event.type) {
    case 'stored':
      return stored(state, event.token, event.kid, event.error)
    case 'adopt':
      return adopt(state, event.kid, event.session)
    case 'adopt-kept':
      return adoptKept(state, event)
    case 'sign-in':
      return signIn(state, event)
    case 'refresh':
      // Unreachable: a refresh (a Retry button) is a try again, now.
      if (state.retry && !state.flight) return restore(state, state.retry.auth)
      if (state.flight || !state.auth) return unchanged(state)
      return send(state, [], {
        kind: 'refresh',
        auth: state.auth,
        key: `${state.auth.value}\n`,
        keep: 'leave',
        fields: undefined,
      })
    case 'answered':
      return answered(state, event)
    case 'failed':
      return failed(state, event.id, event.error)
    case 'abandoned':
      // Only a sign-in ends with its callers: a restore or a refresh goes on for the page.
      if (state.flight?.id !== event.id || state.flight.kind !== 'sign-in') return unchanged(state)
      return {
        state: { ...state, flight: null },
        effects: [{ type: 'cancel', id: event.id, error: aborted('The sign-in was cancelled.') }],
      }
    case 'rejected':
      // Only the credentials this request carried are proven stale; a newer sign-in stays.
      if (state.auth?.value !== event.value) return unchanged(state)
      return end(state, why('unauthorized', false, event.error, event.at), [
        { type: 'unauthorized', error: event.error },
      ])
    case 'sign-out':
      return signOut(state, event)
    case 'expired': {
      const challenge = state.challenge
      if (challenge?.id !== event.id || event.at < challenge.expiresAt) return unchanged(state)
      return expire(state)
    }
    case 'retry':
      return state.retry && !state.flight ? restore(state, state.retry.auth) : unchanged(state)
    case 'shorten':
      return shorten(state, event.timeoutMs)
    case 'dispose':
      return dispose(state)
  }
}

function stored(
  state: MachineState,
  token: string | null,
  kid: string,
  error: PixwelError | undefined,
): Transition {
  // A sign-in or a sign-out since the read began has decided already.
  if (!state.reading) return unchanged(state)
  const next = { ...state, reading: false }
  if (token === null) return signedOut(next, why('not-restored', false, error))
  return restore(next, { value: `Bearer ${token}`, kid })
}

/** Sends the restore of `auth` (the kept token), the first time or again. */
function restore(state: MachineState, auth: Auth): Transition {
  return send(state, [], {
    kind: 'restore',
    auth,
    key: `${auth.value}\n`,
    keep: 'leave',
    fields: undefined,
  })
}

function signIn(
  state: MachineState,
  event: Extract<MachineEvent, { type: 'sign-in' }>,
): Transition {
  // The same credentials and fields as the request under way: join it.
  if (state.flight?.key === event.key) return unchanged(state)
  const effects: Effect[] = []
  const next: MachineState = { ...state, flight: null, reading: false, retry: null }
  if (state.flight) {
    effects.push({
      type: 'cancel',
      id: state.flight.id,
      error: aborted('The sign-in was replaced by a newer sign-in.'),
    })
  }
  // A sign-in supersedes a restore: the status leaves `restoring` now. Its event goes last,
  // after the request is under way, so that a listener that signs out or in again meets the
  // state this sign-in made (and cancels its request) rather than a request still to come.
  const superseded =
    state.snapshot.status === 'restoring' || state.snapshot.status === 'unreachable'
  const left = superseded ? signedOut(next, why('not-restored')) : { state: next, effects: [] }
  const sent = send(left.state, effects, {
    kind: 'sign-in',
    auth: event.auth,
    key: event.key,
    keep: event.keep,
    fields: event.fields,
  })
  return { state: sent.state, effects: [...sent.effects, ...left.effects] }
}

function send(state: MachineState, effects: Effect[], flight: Omit<Flight, 'id'>): Transition {
  const started: Flight = { ...flight, id: state.nextId }
  return {
    state: { ...state, flight: started, nextId: state.nextId + 1 },
    effects: [...effects, { type: 'send', flight: started }],
  }
}
