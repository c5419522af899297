import type { Session } from '../schemas/sessionContract.js'
import type { PixwelPage, PixwelPageChannel } from './PixwelPage.js'

/** A client's line to the app's other tabs on the same API root. */
export interface SignOutChannel {
  /** Tells the other tabs to sign out (of keep `kid`, if the session followed one). */
  post(kid: string | null, reason: 'sign-out' | 'idle'): void
  /**
   * Tells the tabs that follow keep `kid` that this one refreshed it at `at` (epoch ms): never
   * a credential.
   */
  announce(at: number, kid: string): void
  /** Tells the tabs that follow keep `kid` of a session: never a credential. */
  share(kind: 'session' | 'kept', kid: string, session: Session): void
  /** Sends an extension's own message (its `type` names the extension: `idle:…`). */
  send(message: { type: string }): void
  close(): void
}

/** What the other tabs say. */
export interface TabListeners {
  signedOut(kid: string | null, reason: 'sign-out' | 'idle'): void
  refreshed(at: number, kid: string): void
  shared(kind: 'session' | 'kept', kid: string, session: Session): void
  /** A message of another type (an extension's): an object with a string `type`. */
  other(data: { type: string } & Record<string, unknown>): void
}

/**
 * Opens the cross-tab channel of one client on its page, in a browser only (`page` is
 * `undefined` elsewhere): in Node a `BroadcastChannel` is process-wide, and one server-side
 * client per request must never sign out another request's client. Never throws: without a
 * channel, tabs sign out on their own. A message never carries a credential.
 */
export function openSignOutChannel(
  page: PixwelPage | undefined,
  baseURL: string,
  on: TabListeners,
): SignOutChannel | null {
  let channel: PixwelPageChannel | null | undefined
  try {
    channel = page?.channel(`pixwel-react:${baseURL}`)
  } catch {
    // A page that cannot open one: the tabs sign out on their own.
  }
  if (!channel) return null
  channel.listen((value) => {
    const data = value as {
      type?: unknown
      at?: unknown
      kid?: unknown
      reason?: unknown
      session?: unknown
    } | null
    if (typeof data !== 'object' || data === null || typeof data.type !== 'string') return
    const kid = typeof data.kid === 'string' ? data.kid : null
    if (data.type === 'signed-out') on.signedOut(kid, data.reason === 'idle' ? 'idle' : 'sign-out')
    else if (data.type === 'refreshed') {
      if (kid && typeof data.at === 'number' && Number.isFinite(data.at)) on.refreshed(data.at, kid)
    } else if (data.type === 'session' || data.type === 'kept') {
      if (kid && isSession(data.session)) on.shared(data.type, kid, data.session)
    } else on.other(data as { type: string } & Record<string, unknown>)
  })
  let open = true
  const send = (message: object) => {
    if (!open) return
    try {
      channel.post(message)
    } catch {
      // A message that cannot be sent (a page closing): the other tabs go on their own.
    }
  }
  return {
    post: (kid, reason) => send({ type: 'signed-out', kid, reason }),
    announce: (at, kid) => send({ type: 'refreshed', at, kid }),
    share: (kind, kid, session) => send({ type: kind, kid, session }),
    send,
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
