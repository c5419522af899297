import type { Session } from '../schemas/sessionContract.js'
import type { PixwelSessionHeld } from './PixwelSessionSnapshot.js'
import { sameValue } from './sameValue.js'
import type { Effect, MachineEvent, MachineState, Transition } from './sessionMachine.js'
import { aborted, unchanged } from './sessionOutcomes.js'

/**
 * What a tab does with what another tab of the app shares (part of the pure session machine):
 * a refresh's session for the same kept token, or a newly kept token's session.
 */

/** Another tab following keep `kid` refreshed, and the session changed: no request here. */
export function adopt(state: MachineState, kid: string, session: Session): Transition {
  const held = state.snapshot
  if (
    state.auth?.kid !== kid ||
    held.status !== 'signed-in' ||
    held.session.id !== session.id ||
    session.twoFactor.required ||
    sameValue(held.session, session)
  ) {
    return unchanged(state)
  }
  const snapshot: PixwelSessionHeld = Object.freeze({ status: 'signed-in', session })
  return {
    state: { ...state, snapshot },
    effects: [{ type: 'emit', event: { type: 'updated', snapshot } }],
  }
}

/**
 * Another tab kept a new token: this tab takes it (read from the storage) if it is signed out
 * with nothing under way, or if it follows the kept token (restored from it, or signed in and
 * kept), so that every such tab shows the same account. A tab signed in with a password keeps
 * its own session.
 */
export function adoptKept(
  state: MachineState,
  event: Extract<MachineEvent, { type: 'adopt-kept' }>,
): Transition {
  if (!canAdoptKept(state, event.kid) || event.session.twoFactor.required) return unchanged(state)
  const effects: Effect[] = []
  if (state.challenge) {
    effects.push({
      type: 'end-challenge',
      id: state.challenge.id,
      outcome: aborted('The wait for two-factor was cancelled by a sign-in in another tab.'),
    })
  }
  const snapshot: PixwelSessionHeld = Object.freeze({
    status: 'signed-in',
    session: event.session,
  })
  effects.push({ type: 'emit', event: { type: 'signed-in', snapshot } })
  return {
    state: {
      ...state,
      snapshot,
      auth: { value: `Bearer ${event.token}`, kid: event.kid },
      challenge: null,
      retry: null,
    },
    effects,
  }
}

/** Whether a newly kept token (`kid`) is this tab's to take. */
export function canAdoptKept(state: MachineState, kid: string): boolean {
  if (state.flight || state.reading) return false
  const follows = (state.auth ?? state.retry?.auth)?.kid
  const signedOut = state.auth === null && state.snapshot.status === 'signed-out'
  return follows === undefined || follows === null ? signedOut : follows !== kid
}
