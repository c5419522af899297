import { PixwelError } from '../errors/PixwelError.js'
import type {
  PixwelSessionHeld,
  PixwelSignedOutReason,
  PixwelSignedOutSnapshot,
} from './PixwelSessionSnapshot.js'
import { sameValue } from './sameValue.js'
import type { Challenge, Effect, MachineEvent, MachineState, Transition } from './sessionMachine.js'

/**
 * The session machine's outcomes (see `sessionMachine.ts`): what an answer, a failure, a
 * sign-out, an expiry and `dispose()` do to the state. Pure, like the rest of the machine.
 */

/** The state as it is, with no effect. */
export const unchanged = (state: MachineState): Transition => ({ state, effects: [] })

/**
 * Why a session ends. Every key is always given (`undefined` for none): a polluted
 * Object.prototype.error or .at is never read through a missing one.
 */
export interface Why {
  readonly reason: PixwelSignedOutReason
  readonly crossTab: boolean
  readonly error: PixwelError | undefined
  /** The sign-out's moment on sealCredentials' clock (a user's or a 401's), else `undefined`. */
  readonly at: number | undefined
}

/** A {@link Why} with every key. */
export function why(
  reason: PixwelSignedOutReason,
  crossTab = false,
  error?: PixwelError,
  at?: number,
): Why {
  return { reason, crossTab, error, at }
}

export function answered(
  state: MachineState,
  event: Extract<MachineEvent, { type: 'answered' }>,
): Transition {
  const flight = state.flight
  if (flight?.id !== event.id) return unchanged(state)
  const { session, at } = event
  const base: MachineState = { ...state, flight: null, retry: null }
  const previous = state.snapshot.session
  if (flight.kind === 'refresh') {
    // The credentials were replaced or dropped since: this answer is about nobody now.
    if (state.auth !== flight.auth)
      return fail(base, flight.id, aborted('The refresh was overtaken.'))
    // The same credentials answered for another account: it proves nothing about this one.
    if (previous && previous.id !== session.id) {
      return fail(
        base,
        flight.id,
        new PixwelError(
          'invalid-response',
          'The Pixwel API answered a refresh with another account.',
        ),
      )
    }
  }
  const effects: Effect[] = []
  if (flight.keep !== 'leave')
    effects.push(
      flight.keep === 'forget'
        ? { type: 'forget' }
        : { type: 'keep', token: flight.keep.token, kid: flight.auth.kid ?? '' },
    )
  let next: MachineState = { ...base, auth: flight.auth }
  let challenge = state.challenge
  if (challenge && (challenge.auth !== flight.auth || !session.twoFactor.required)) {
    // Verified: its waits get the session. Replaced by a newer sign-in: they are cancelled.
    effects.push({
      type: 'end-challenge',
      id: challenge.id,
      outcome:
        challenge.auth === flight.auth
          ? session
          : aborted('The wait for two-factor was cancelled by a newer sign-in.'),
    })
    challenge = null
  }
  if (session.twoFactor.required && !challenge) {
    challenge = {
      id: next.nextId,
      auth: flight.auth,
      user: session.id,
      startedAt: at,
      expiresAt: at + state.lifetimeMs,
    }
    next = { ...next, nextId: next.nextId + 1 }
    effects.push({ type: 'arm', challenge })
  }
  next = { ...next, challenge }
  // The deadline passed while this answer was on its way: it is too late to wait on.
  if (challenge && at >= challenge.expiresAt) {
    const late = expire(next)
    return {
      state: late.state,
      effects: [
        ...effects,
        ...late.effects,
        { type: 'fail', id: flight.id, error: expiredError() },
      ],
    }
  }
  const snapshot: PixwelSessionHeld = challenge
    ? { status: 'two-factor-required', session, expiresAt: challenge.expiresAt }
    : { status: 'signed-in', session }
  const same =
    flight.kind === 'refresh' &&
    previous !== null &&
    state.snapshot.status === snapshot.status &&
    (snapshot.status !== 'two-factor-required' ||
      (state.snapshot.status === 'two-factor-required' &&
        state.snapshot.expiresAt === snapshot.expiresAt)) &&
    sameValue(previous, session)
  if (same) {
    // A refresh that changed nothing changes nothing: no event, no render.
    return {
      state: next,
      effects: [
        ...effects,
        { type: 'settle', id: flight.id, session: previous, auth: flight.auth },
      ],
    }
  }
  const frozen = Object.freeze(snapshot)
  effects.push(
    {
      type: 'emit',
      event: {
        type: flight.kind === 'refresh' && previous?.id === session.id ? 'updated' : 'signed-in',
        snapshot: frozen,
      },
    },
    { type: 'settle', id: flight.id, session, auth: flight.auth },
  )
  // The tabs that follow the same kept token hear of it: a new keep signs them in (they read
  // the token from the storage), a changed refresh updates them. A session, never a credential.
  const kid = flight.auth.kid
  const kept = flight.kind === 'sign-in' && flight.keep !== 'forget' && flight.keep !== 'leave'
  if (kid && !challenge && (kept || flight.kind === 'refresh')) {
    effects.push({ type: 'share', kind: kept ? 'kept' : 'session', kid, session })
  }
  return { state: { ...next, snapshot: frozen }, effects }
}

export function failed(state: MachineState, id: number, error: PixwelError): Transition {
  const flight = state.flight
  if (flight?.id !== id) return unchanged(state)
  const base: MachineState = { ...state, flight: null }
  if (flight.kind !== 'restore') return fail(base, id, error)
  if (
    error.kind === 'network' ||
    error.kind === 'timeout' ||
    error.kind === 'server' ||
    error.kind === 'rate-limited'
  ) {
    // Pixwel could not be reached, or asked to wait (a rate limit: the retry waits for its
    // Retry-After): unknown is not signed out. The token stays, and so do the credentials to
    // try again.
    const attempt = (state.retry?.attempt ?? 0) + 1
    const snapshot = Object.freeze({ status: 'unreachable', session: null, error } as const)
    return {
      state: { ...base, snapshot, retry: { auth: flight.auth, attempt } },
      effects: [
        { type: 'emit', event: { type: 'unreachable', error, snapshot } },
        { type: 'retry-later', attempt },
        { type: 'fail', id, error },
      ],
    }
  }
  // A revoked token is forgotten; an answer that cannot be used keeps it for the next load.
  const left = signedOut({ ...base, retry: null }, why('not-restored', false, error))
  const effects: Effect[] = error.kind === 'unauthorized' ? [{ type: 'forget' }] : []
  return { state: left.state, effects: [...effects, ...left.effects, { type: 'fail', id, error }] }
}

function fail(state: MachineState, id: number, error: PixwelError): Transition {
  return { state, effects: [{ type: 'fail', id, error }] }
}

export function signOut(
  state: MachineState,
  { crossTab, at, kid, reason }: Extract<MachineEvent, { type: 'sign-out' }>,
): Transition {
  // A late message about another keep (an account this tab no longer follows) is not this
  // tab's sign-out.
  const restoring = state.flight?.kind === 'restore' ? state.flight.auth : undefined
  const mine = (state.auth ?? state.retry?.auth ?? restoring)?.kid ?? null
  if (crossTab && kid !== null && mine !== null && mine !== kid) return unchanged(state)
  const quiet =
    state.auth === null &&
    state.flight === null &&
    !state.reading &&
    state.snapshot.status === 'signed-out'
  if (crossTab && quiet) {
    // Another tab signed out and this one holds nothing: each tab sees one event at most.
    return { state: { ...state, signedOutAt: at }, effects: [{ type: 'forget' }] }
  }
  return end(
    state,
    why(reason, crossTab, undefined, at),
    crossTab ? [] : [{ type: 'post', kid: mine, reason }],
    quiet,
  )
}

/** The session ends: the credentials, the request under way and the challenge go. */
export function end(state: MachineState, why: Why, extra: Effect[], quiet = false): Transition {
  const effects: Effect[] = [{ type: 'forget' }]
  const flight = state.flight
  // Only a sign-out by the user stops a sign-in with other credentials: a 401 or an expiry
  // of the held ones says nothing about the new ones.
  const keeps =
    flight !== null &&
    flight.kind === 'sign-in' &&
    flight.auth !== state.auth &&
    why.reason !== 'sign-out'
  if (flight && !keeps) {
    effects.push({
      type: 'cancel',
      id: flight.id,
      error:
        why.reason === 'unauthorized' && flight.auth.value === state.auth?.value && why.error
          ? why.error
          : aborted('The sign-in was cancelled by a sign-out.'),
    })
  }
  if (state.challenge) {
    effects.push({
      type: 'end-challenge',
      id: state.challenge.id,
      outcome:
        why.reason === 'two-factor-expired' && why.error
          ? why.error
          : aborted('The wait for two-factor was cancelled by a sign-out.'),
    })
  }
  const base: MachineState = {
    ...state,
    auth: null,
    flight: keeps ? flight : null,
    reading: false,
    challenge: null,
    retry: null,
    signedOutAt: why.at ?? state.signedOutAt,
  }
  // Signed out already, with nothing to cancel: the kept token is forgotten, nothing else.
  if (quiet) return { state: base, effects: [...effects, ...extra] }
  const left = signedOut(base, why)
  return { state: left.state, effects: [...effects, ...left.effects, ...extra] }
}

export function expire(state: MachineState): Transition {
  // No `at`: a sign-in sealed before the link expired may go on.
  return end(state, why('two-factor-expired', false, expiredError()), [])
}

export function shorten(state: MachineState, timeoutMs: number): Transition {
  const challenge = state.challenge
  if (!challenge || state.snapshot.status !== 'two-factor-required') return unchanged(state)
  const expiresAt = challenge.startedAt + timeoutMs
  if (expiresAt >= challenge.expiresAt) return unchanged(state)
  const moved: Challenge = { ...challenge, expiresAt }
  const snapshot = Object.freeze({ ...state.snapshot, expiresAt })
  return {
    state: { ...state, challenge: moved, snapshot },
    effects: [
      { type: 'arm', challenge: moved },
      { type: 'emit', event: { type: 'updated', snapshot } },
    ],
  }
}

export function dispose(state: MachineState): Transition {
  const effects: Effect[] = []
  if (state.flight) {
    effects.push({
      type: 'cancel',
      id: state.flight.id,
      error: aborted('The sign-in was cancelled: the client was disposed.'),
    })
  }
  if (state.challenge) {
    effects.push({
      type: 'end-challenge',
      id: state.challenge.id,
      outcome: aborted('The wait for two-factor was cancelled: the client was disposed.'),
    })
  }
  let next: MachineState = {
    ...state,
    flight: null,
    reading: false,
    challenge: null,
    retry: null,
    auth: null,
  }
  // A restore that will not finish must not leave the status `restoring` for ever.
  if (state.snapshot.status === 'restoring') {
    const left = signedOut(next, why('not-restored'))
    next = left.state
    effects.push(...left.effects)
  }
  return { state: { ...next, disposed: true }, effects: [...effects, { type: 'close' }] }
}

/** The `signed-out` snapshot for `why`, and its event. */
export function signedOut(state: MachineState, why: Why): Transition {
  const snapshot = Object.freeze({
    status: 'signed-out',
    session: null,
    reason: why.reason,
    crossTab: why.crossTab,
    // Own even when empty: a polluted Object.prototype.error is never read through it.
    error: why.error,
  }) as Exclude<PixwelSignedOutSnapshot, { reason?: undefined }>
  return {
    state: { ...state, snapshot, auth: null },
    effects: [
      {
        type: 'emit',
        event: {
          type: 'signed-out',
          reason: why.reason,
          crossTab: why.crossTab,
          error: why.error,
          snapshot,
        },
      },
    ],
  }
}

export function aborted(message: string): PixwelError {
  return new PixwelError('aborted', message)
}

function expiredError(): PixwelError {
  return new PixwelError('timeout', 'The verification link was not opened in time: sign in again.')
}
