import { PixwelError } from '../errors/PixwelError.js'
import { projectSession } from '../schemas/parseSession.js'
import type { Session } from '../schemas/sessionContract.js'
import type { SessionField, SessionWithFields } from '../schemas/sessionFields.js'
import {
  abortable,
  isAborted,
  readSessionOptions,
  readWaitOptions,
  type WaitForTwoFactorOptions,
} from './clientOptions.js'
import type { Flights } from './createFlights.js'
import type { createSessionRuntime } from './createSessionRuntime.js'
import type { TokenStore } from './createTokenStore.js'
import type { TwoFactorChallenge } from './createTwoFactorChallenge.js'
import type { PixwelSessionSnapshot } from './PixwelSessionSnapshot.js'
import type { CreateSessionOptions } from './requestSession.js'
import {
  sealCredentials,
  sealedTime,
  unseal,
  type Credentials,
  type SealedCredentials,
} from './sealCredentials.js'

/**
 * The client's commands that wait for something: a sign-in, a refresh, a wait for two-factor.
 * They check their arguments, feed the machine an event and wait on what it started; every
 * decision stays in the machine (`sessionMachine.ts`).
 */
export function createSessionCommands(deps: {
  runtime: ReturnType<typeof createSessionRuntime>
  flights: Flights
  challenge: TwoFactorChallenge
  store: TokenStore | undefined
  /** Why the client cannot do `what` (disposed, or on a server), or `null`. */
  refusal: (what: string) => PixwelError | null
  /** Opens the line to the other tabs. */
  crossTab: () => void
  whenRestored: () => Promise<PixwelSessionSnapshot>
}) {
  const { runtime, flights, challenge, store, refusal, crossTab, whenRestored } = deps
  const { dispatch } = runtime

  async function createSession(
    credentials: Credentials | SealedCredentials,
    sessionOptions?: CreateSessionOptions,
  ): Promise<Session | SessionWithFields<SessionField>> {
    const { fields, signal } = readSessionOptions(sessionOptions)
    const sealed = sealCredentials(credentials)
    const value = unseal(sealed)
    const refused = refusal('createSession()')
    if (refused && runtime.state.disposed) throw refused
    if (isAborted(signal)) throw new PixwelError('aborted', 'The sign-in was cancelled.')
    if (sealedTime(sealed) < runtime.state.signedOutAt) {
      throw new PixwelError('aborted', 'The sign-in was cancelled by a sign-out.')
    }
    // The key never leaves this closure: it holds the Authorization value.
    const key = `${value}\n${fields ? [...fields].sort().join(',') : ''}`
    crossTab()
    const id = runtime.state.flight?.key === key ? runtime.state.flight.id : runtime.state.nextId
    // Only a token is ever kept, and only when asked; a password sign-in forgets the token
    // this client kept, so that a reload never restores another account.
    const bearer = sealed.method === 'bearer'
    const kept = store !== undefined && bearer && sealed.persist !== false
    const keep = kept ? { token: value.slice('Bearer '.length) } : 'forget'
    // A new keep's id: what the tabs that follow it name over the channel, not the token.
    const kid = kept ? newKeepId() : null
    dispatch({ type: 'sign-in', auth: { value, kid }, key, keep, fields })
    const session = await flights.wait(id, signal)
    // Joined a restore or a refresh of this token: `persist: false` still forgets it.
    if (bearer && sealed.persist === false) store?.forget()
    return fields ? projectSession(session, fields) : session
  }

  async function refreshSession(): Promise<Session> {
    const refused = refusal('refreshSession()')
    if (refused) throw refused
    if (runtime.state.reading) {
      // A kept token is still being read: the restore is the refresh.
      const settled = await whenRestored()
      if (settled.session) return settled.session
    }
    const { flight, auth } = runtime.state
    if (flight?.kind === 'sign-in' && auth && flight.auth.value !== auth.value) {
      // Another account's sign-in is under way (a form being submitted): its outcome is not
      // this session's. Wait for it: if it won, its session is the fresh one held now;
      // otherwise refresh what is held.
      const won = await flights.wait(flight.id, undefined, true).catch(() => null)
      if (won && runtime.state.auth === flight.auth) return won
      return refreshSession()
    }
    if (!flight) dispatch({ type: 'refresh' })
    const joined = runtime.state.flight
    if (!joined) {
      throw new PixwelError('unauthorized', 'There is no session to refresh: sign in first.')
    }
    // A refresh that joined a sign-in does not keep it alive once its callers left.
    return flights.wait(joined.id, undefined, true)
  }

  async function waitForTwoFactor(waitOptions?: WaitForTwoFactorOptions): Promise<Session> {
    const { intervalMs, timeoutMs, signal } = readWaitOptions(waitOptions)
    const refused = refusal('waitForTwoFactor()')
    if (refused) throw refused
    const cancelled = () => new PixwelError('aborted', 'The wait for two-factor was cancelled.')
    if (isAborted(signal)) throw cancelled()
    if (runtime.state.snapshot.status === 'restoring') {
      // A kept session is being restored: wait on what it turns out to be, or the signal.
      await abortable(whenRestored(), signal, cancelled)
      return waitForTwoFactor(waitOptions)
    }
    if (runtime.state.snapshot.status === 'signed-in') return runtime.state.snapshot.session
    if (runtime.state.snapshot.status !== 'two-factor-required' || !runtime.state.challenge) {
      throw new PixwelError('unauthorized', 'There is no two-factor sign-in to wait for.')
    }
    if (timeoutMs !== undefined) dispatch({ type: 'shorten', timeoutMs })
    return challenge.wait(runtime.state.challenge.id, intervalMs, signal)
  }

  return { createSession, refreshSession, waitForTwoFactor }
}

/** A random id for a kept token (not a secret: it names the keep, the token stays in storage). */
function newKeepId(): string {
  const crypto = globalThis.crypto as Crypto | undefined
  return typeof crypto?.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`
}
