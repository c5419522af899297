import { PixwelError } from '../errors/PixwelError.js'
import type { Session } from '../schemas/sessionContract.js'
import type { Flight } from './sessionMachine.js'

/**
 * The requests of one client: sends a flight's `POST /session`, reports its outcome as an
 * event, and hands each caller its own wait. A caller's `signal` ends only its own wait; when
 * the last caller of a flight leaves, the machine is told (`abandoned`) and decides.
 */
export interface Flights {
  send(flight: Flight): void
  /** One caller's wait for flight `id`. */
  wait(id: number, signal?: AbortSignal): Promise<Session>
  /** Stops flight `id`'s request; its callers get `error`. */
  cancel(id: number, error: PixwelError): void
  settle(id: number, outcome: Session | PixwelError): void
}

interface Pending {
  readonly controller: AbortController
  readonly callers: Set<{ resolve(session: Session): void; reject(error: PixwelError): void }>
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
    wait(id, signal) {
      const flight = pending.get(id)
      if (!flight) return Promise.reject(new PixwelError('aborted', 'The sign-in was cancelled.'))
      return new Promise<Session>((resolve, reject) => {
        const caller = {
          resolve(session: Session) {
            listen('removeEventListener')
            resolve(session)
          },
          reject(error: PixwelError) {
            listen('removeEventListener')
            reject(error)
          },
        }
        const leave = () => {
          if (!flight.callers.delete(caller)) return
          reject(new PixwelError('aborted', 'The sign-in was cancelled.'))
          if (flight.callers.size === 0) hooks.abandoned(id)
        }
        // A caller's signal is a caller's object: one that throws is a bad argument, not a crash.
        const listen = (method: 'addEventListener' | 'removeEventListener') => {
          try {
            signal?.[method]('abort', leave)
            return true
          } catch {
            return false
          }
        }
        flight.callers.add(caller)
        if (!listen('addEventListener')) {
          flight.callers.delete(caller)
          reject(new PixwelError('configuration', '`signal` must be an AbortSignal.'))
          if (flight.callers.size === 0) hooks.abandoned(id)
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
