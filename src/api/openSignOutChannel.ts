/** A client's line to the app's other tabs on the same API root. */
export interface SignOutChannel {
  /** Tells the other tabs to sign out. */
  post(): void
  /** Tells the other tabs that this one refreshed at `at` (epoch ms): never a credential. */
  announce(at: number): void
  close(): void
}

/** What the other tabs say. */
export interface TabListeners {
  signedOut(): void
  refreshed(at: number): void
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
    const data = event.data as { type?: unknown; at?: unknown } | null
    if (typeof data !== 'object' || data === null) return
    if (data.type === 'signed-out') on.signedOut()
    else if (data.type === 'refreshed' && typeof data.at === 'number' && Number.isFinite(data.at)) {
      on.refreshed(data.at)
    }
  }
  // Node's BroadcastChannel (jsdom tests, some test runners) would keep the process alive.
  ;(channel as { unref?: () => void }).unref?.()
  let open = true
  const send = (message: object) => {
    if (open) channel.postMessage(message)
  }
  return {
    post: () => send({ type: 'signed-out' }),
    announce: (at) => send({ type: 'refreshed', at }),
    close() {
      if (!open) return
      open = false
      channel.close()
    },
  }
}
