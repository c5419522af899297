import type { Session } from '../schemas/sessionContract.js'

/** A client's line to the app's other tabs on the same API root. */
export interface SignOutChannel {
  /** Tells the other tabs to sign out (of keep `kid`, if the session followed one). */
  post(kid: string | null): void
  /** Tells the other tabs that this one refreshed at `at` (epoch ms): never a credential. */
  announce(at: number): void
  /** Tells the tabs that follow keep `kid` of a session: never a credential. */
  share(kind: 'session' | 'kept', kid: string, session: Session): void
  close(): void
}

/** What the other tabs say. */
export interface TabListeners {
  signedOut(kid: string | null): void
  refreshed(at: number): void
  shared(kind: 'session' | 'kept', kid: string, session: Session): void
}

/**
 * Opens the cross-tab channel of one client, in a browser only: in Node a `BroadcastChannel`
 * is process-wide, and one server-side client per request must never sign out another
 * request's client. Never throws: without a channel, tabs sign out on their own. A message
 * carries a type and, for a refresh, a time: never a credential or a session.
 */
export function openSignOutChannel(baseURL: string, on: TabListeners): SignOutChannel | null {
  if (typeof window === 'undefined' || typeof BroadcastChannel === 'undefined') return null
  let channel: BroadcastChannel
  try {
    channel = new BroadcastChannel(`pixwel-react:${baseURL}`)
  } catch {
    return null
  }
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data as {
      type?: unknown
      at?: unknown
      kid?: unknown
      session?: unknown
    } | null
    if (typeof data !== 'object' || data === null) return
    if (data.type === 'signed-out') on.signedOut(typeof data.kid === 'string' ? data.kid : null)
    else if (data.type === 'refreshed' && typeof data.at === 'number' && Number.isFinite(data.at)) {
      on.refreshed(data.at)
    } else if (
      (data.type === 'session' || data.type === 'kept') &&
      typeof data.kid === 'string' &&
      data.kid !== '' &&
      isSession(data.session)
    ) {
      on.shared(data.type, data.kid, data.session)
    }
  }
  // Node's BroadcastChannel (jsdom tests, some test runners) would keep the process alive.
  ;(channel as { unref?: () => void }).unref?.()
  let open = true
  const send = (message: object) => {
    if (open) channel.postMessage(message)
  }
  return {
    post: (kid) => send({ type: 'signed-out', kid }),
    announce: (at) => send({ type: 'refreshed', at }),
    share: (kind, kid, session) => send({ type: kind, kid, session }),
    close() {
      if (!open) return
      open = false
      channel.close()
    },
  }
}

/**
 * Whether a shared value looks like a session this library made (a structured clone of one):
 * an id, the two-factor state, no hash. Another tab of the same origin sent it.
 */
function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false
  const session = value as Partial<Record<keyof Session | 'password', unknown>>
  const twoFactor = session.twoFactor as Partial<Record<'required', unknown>> | null | undefined
  return (
    Object.hasOwn(session, 'id') &&
    typeof session.id === 'string' &&
    !Object.hasOwn(session, 'password') &&
    typeof twoFactor === 'object' &&
    twoFactor !== null &&
    typeof twoFactor.required === 'boolean'
  )
}
