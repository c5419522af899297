import { parseSession } from '../schemas/parseSession.js'
import type { Session, TwoFactorState } from '../schemas/sessionContract.js'
import type { PixwelPage, PixwelPageChannel } from './PixwelPage.js'
import { attempt } from './unref.js'

/** A client's line to the app's other tabs on the same API root. */
export interface SignOutChannel {
  /** Tells the other tabs to sign out (of keep `kid`, if the session followed one). */
  post(kid: string | null, reason: 'sign-out' | 'idle'): void
  /**
   * Tells the tabs that follow keep `kid` that this one refreshed it at `at` (epoch ms): never
   * a credential.
   */
  announce(at: number, kid: string): void
  /**
   * Tells the tabs that follow keep `kid` that this one means to refresh it: of the tabs that
   * claim within a short window, the one with the lowest `nonce` goes.
   */
  claim(nonce: number, kid: string): void
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
  claimed(nonce: number, kid: string): void
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
  // A page that cannot open a channel, or gives something else: the tabs go on their own.
  const line = attempt(() => page?.channel(`pixwel-react:${baseURL}`), null) as
    Partial<Record<keyof PixwelPageChannel, unknown>> | null | undefined
  if (
    !line ||
    typeof line.post !== 'function' ||
    typeof line.listen !== 'function' ||
    typeof line.close !== 'function'
  ) {
    return null
  }
  const opened = line as PixwelPageChannel
  // A message whose parts throw as they are read (a getter of a hand-made page's message) is
  // not one of ours: it is dropped, never thrown into the page's event loop.
  const listening = attempt(() => {
    opened.listen((value) => attempt(() => hear(value), undefined))
    return true
  }, false)
  function hear(value: unknown): void {
    const data = value as {
      type?: unknown
      at?: unknown
      kid?: unknown
      reason?: unknown
      session?: unknown
      nonce?: unknown
      v?: unknown
    } | null
    if (typeof data !== 'object' || data === null || typeof data.type !== 'string') return
    const kid = typeof data.kid === 'string' ? data.kid : null
    const at = typeof data.at === 'number' && Number.isFinite(data.at) ? data.at : null
    if (data.type === 'signed-out') {
      // A keep's id, or `null` (a password, or none): a garbled one signs no tab out.
      if (kid !== null || data.kid === null) {
        on.signedOut(kid, data.reason === 'idle' ? 'idle' : 'sign-out')
      }
    } else if (data.type === 'refreshed') {
      if (kid && at !== null) on.refreshed(at, kid)
    } else if (data.type === 'claim') {
      if (kid && typeof data.nonce === 'number') on.claimed(data.nonce, kid)
    } else if (data.type === 'session' || data.type === 'kept') {
      // A tab of another version of the app (a deploy since it loaded) may shape sessions
      // differently: only this version's are adopted.
      const session = kid && data.v === sessionShape ? readShared(data.session) : null
      if (kid && session) on.shared(data.type, kid, session)
    } else on.other(data as { type: string } & Record<string, unknown>)
  }
  if (!listening) {
    attempt(() => opened.close(), undefined)
    return null
  }
  let open = true
  const send = (message: object) => {
    if (open) attempt(() => opened.post(message), undefined)
  }
  return {
    post: (kid, reason) => send({ type: 'signed-out', kid, reason }),
    announce: (at, kid) => send({ type: 'refreshed', at, kid }),
    claim: (nonce, kid) => send({ type: 'claim', nonce, kid }),
    share: (kind, kid, session) => send({ type: kind, kid, session, v: sessionShape }),
    send,
    close() {
      if (!open) return
      open = false
      attempt(() => opened.close(), undefined)
    },
  }
}

/** The shape of the sessions this version shares; bumped when `Session` changes shape. */
const sessionShape = 1

/**
 * A session another tab shared, as this tab's own parser reads it (the same contract, strict):
 * a value of the wrong shape, a hash, or two-factor flags that do not add up are not adopted.
 * Another tab of the same origin sent it; it is a structured clone of one this library made.
 */
function readShared(value: unknown): Session | null {
  if (typeof value !== 'object' || value === null || Object.hasOwn(value, 'password')) return null
  const { twoFactor, ...rest } = value as Partial<Session>
  const flags = twoFactor as Partial<Record<keyof TwoFactorState, unknown>> | null | undefined
  if (
    typeof rest.id !== 'string' ||
    typeof flags !== 'object' ||
    flags === null ||
    typeof flags.enforced !== 'boolean' ||
    typeof flags.verified !== 'boolean'
  ) {
    return null
  }
  try {
    const session = parseSession({
      ...rest,
      hasEnforced2fa: flags.enforced,
      twofactorVerified: flags.verified,
    })
    return session.twoFactor.required === flags.required ? session : null
  } catch {
    return null
  }
}
