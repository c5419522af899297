import { PixwelError } from '../errors/PixwelError.js'
import { callGuarded } from '../errors/reportCallbackError.js'
import type { Flights } from './createFlights.js'
import type { TokenStore } from './createTokenStore.js'
import type { TwoFactorChallenge } from './createTwoFactorChallenge.js'
import type { Session } from '../schemas/sessionContract.js'
import type { PixwelClientEvent, PixwelSessionSnapshot } from './PixwelSessionSnapshot.js'
import type { Note } from './trace.js'
import { transition, type Effect, type MachineEvent, type MachineState } from './sessionMachine.js'

/** The modules that carry out the machine's effects. */
export interface EffectPorts {
  flights: Flights
  store: TokenStore | undefined
  challenge: TwoFactorChallenge
  /** Tells the other tabs of a sign-out (of keep `kid`, if the session followed one). */
  post(kid: string | null, reason: 'sign-out' | 'idle'): void
  /** Tells the tabs that follow keep `kid` of a session (a refresh's, or a new keep's). */
  share(kind: 'session' | 'kept', kid: string, session: Session): void
  /** Closes the channel. */
  close(): void
  onUnauthorized: ((error: PixwelError) => void) | undefined
  /** Tries an unreachable restore again later. */
  retryLater(attempt: number): void
  /** After every event, with the state it left (timers follow it). */
  after(state: MachineState): void
}

/**
 * The machine at run time, as TanStack Query's `Query#dispatch` is: one `dispatch(event)`
 * through the pure `transition`, the effects carried out in order by the ports, and the
 * observers (subscribers, `whenRestored()`) told of each change. An effect may dispatch again
 * (a listener that signs out): the newer change runs at once, and the listeners still to hear
 * of the older one hear of the newer one instead.
 */
export function createSessionRuntime(initial: MachineState) {
  let state = initial
  /** Bumped by every change of the snapshot: listeners told of an older one stop hearing it. */
  let version = 0
  const listeners = new Set<(event: PixwelClientEvent) => void>()
  let restored: {
    promise: Promise<PixwelSessionSnapshot>
    resolve(snapshot: PixwelSessionSnapshot): void
  } | null = null
  let ports: EffectPorts | undefined

  function dispatch(event: MachineEvent): void {
    const next = transition(state, event)
    const before = state
    state = next.state
    runtime.note?.({ type: 'dispatch', event, before, state, effects: next.effects })
    for (const effect of next.effects) run(effect)
    ports?.after(state)
    if (restored && state.snapshot.status !== 'restoring') {
      restored.resolve(state.snapshot)
      restored = null
    }
  }

  function run(effect: Effect): void {
    if (!ports) return
    const { flights, store, challenge } = ports
    switch (effect.type) {
      case 'send':
        return flights.send(effect.flight)
      case 'cancel':
        return flights.cancel(effect.id, effect.error)
      case 'settle':
        // A listener signed out while hearing of this sign-in: then it did not happen.
        return flights.settle(
          effect.id,
          state.auth === effect.auth
            ? effect.session
            : new PixwelError('aborted', 'The sign-in was cancelled by a sign-out.'),
        )
      case 'fail':
        return flights.settle(effect.id, effect.error)
      case 'keep':
        return store?.keep(effect.token, effect.kid)
      case 'share':
        return ports.share(effect.kind, effect.kid, effect.session)
      case 'forget':
        return store?.forget()
      case 'arm':
        return challenge.arm(effect.challenge)
      case 'end-challenge':
        return challenge.end(effect.id, effect.outcome)
      case 'emit':
        version++
        // The client's state: nobody holding the session may change it under the snapshot.
        freezeDeep(effect.event.snapshot.session)
        return emit(effect.event)
      case 'post':
        return ports.post(effect.kid, effect.reason)
      case 'unauthorized': {
        const onUnauthorized = ports.onUnauthorized
        if (onUnauthorized) callGuarded(() => onUnauthorized(effect.error))
        return
      }
      case 'retry-later':
        return ports.retryLater(effect.attempt)
      case 'close':
        return ports.close()
    }
  }

  function emit(event: PixwelClientEvent): void {
    const at = version
    for (const listener of [...listeners]) {
      // A listener changed the session: the rest hear of the newer change, not of this one.
      if (version !== at) return
      callGuarded(() => listener(event))
    }
  }

  const runtime = {
    /** Where each dispatch is reported (the extensions that listen), if anywhere. */
    note: undefined as Note | undefined,
    get state(): MachineState {
      return state
    },
    connect(given: EffectPorts): void {
      ports = given
    },
    dispatch,
    emit,
    listeners,
    /** Settles once the snapshot is not `restoring` (the same promise until then). */
    whenRestored(): Promise<PixwelSessionSnapshot> {
      if (state.snapshot.status !== 'restoring') return Promise.resolve(state.snapshot)
      if (!restored) {
        let resolve!: (snapshot: PixwelSessionSnapshot) => void
        const promise = new Promise<PixwelSessionSnapshot>((done) => (resolve = done))
        restored = { promise, resolve }
      }
      return restored.promise
    },
  }
  return runtime
}

/** Freezes a parsed session and everything in it (all of it the parser's own fresh objects). */
function freezeDeep(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const item of Object.values(value)) freezeDeep(item)
}
