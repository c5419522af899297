import { PixwelError } from '../errors/PixwelError.js'
import { onAbort } from '../errors/readOwn.js'
import type { Session } from '../schemas/sessionContract.js'
import type { Flight } from './sessionMachine.js'

/**
 * The requests of one client: sends a flight's `POST /session`, reports its outcome as an
 * event, and hands each caller its own wait. A caller's `signal` ends only its own wait; when
 * the last caller of a flight leaves, the machine is told (`abandoned`) and decides.
 */
export interface Flights {
  send(flight: Flight): void
  /**
   * One caller's wait for flight `id`. A `weak` caller (a refresh that joined) does not keep a
   * sign-in alive: when its last sign-in caller leaves, the sign-in is abandoned.
   */
  wait(id: number, signal?: AbortSignal, weak?: boolean): Promise<Session>
  /** Stops flight `id`'s request; its callers get `error`. */
  cancel(id: number, error: PixwelError): void
  settle(id: number, outcome: Session | PixwelError): void
}

interface Pending {
  readonly controller: AbortController
  readonly callers: Set<{
    readonly weak: boolean
    resolve(session: Session): void
    reject(error: PixwelError): void
  }>
}

export function createFlights(hooks: {
  request(flight: Flight, signal: AbortSignal): Promise<Session>
  answered(id: number, session: Session): void
  failed(id: number, error: PixwelError): void
  abandoned(id: number): void
}): Flights {
  const pending = new Map<number, Pending>()

  function settle(id: number, outcome: Session | PixwelError): void {
    const flight = pending.get(id)
    if (!flight) return
    pending.delete(id)
    for (const caller of flight.callers) {
      if (outcome instanceof PixwelError) caller.reject(outcome)
      else caller.resolve(outcome as Session)
    }
  }

  return {
    send(flight) {
      const controller = new AbortController()
      pending.set(flight.id, { controller, callers: new Set() })
      hooks.request(flight, controller.signal).then(
        (session) => {
          hooks.answered(flight.id, session)
        },
        (error: unknown) => {
          hooks.failed(flight.id, asPixwelError(error))
        },
      )
    },
    wait(id, signal, weak = false) {
      const flight = pending.get(id)
      if (!flight) return Promise.reject(new PixwelError('aborted', 'The sign-in was cancelled.'))
      return new Promise<Session>((resolve, reject) => {
        let stop: (() => void) | null = null
        const caller = {
          weak,
          resolve(session: Session) {
            stop?.()
            resolve(session)
          },
          reject(error: PixwelError) {
            stop?.()
            reject(error)
          },
        }
        const left = () => {
          for (const each of flight.callers) if (!each.weak) return
          hooks.abandoned(id)
        }
        flight.callers.add(caller)
        if (!signal) return
        stop = onAbort(signal, () => {
          if (!flight.callers.delete(caller)) return
          reject(new PixwelError('aborted', 'The sign-in was cancelled.'))
          left()
        })
        if (!stop) {
          flight.callers.delete(caller)
          reject(new PixwelError('configuration', '`signal` must be an AbortSignal.'))
          left()
        }
      })
    },
    cancel(id, error) {
      pending.get(id)?.controller.abort()
      settle(id, error)
    },
    settle,
  }
}

/**
 * What a call of the client rejects with: a PixwelError as it is (requests are mapped already,
 * by `toPixwelError` in the transport); anything else can only be a bug, and is `network`.
 */
export function asPixwelError(error: unknown): PixwelError {
  if (error instanceof PixwelError) return error
  return new PixwelError('network', 'The sign-in failed unexpectedly.')
}
