/** A client's line to the app's other tabs on the same API root. */
export interface SignOutChannel {
  /** Tells the other tabs to sign out. */
  post(): void
  close(): void
}

const message = { type: 'signed-out' } as const

/**
 * Opens the cross-tab sign-out channel of one client, in a browser only: in Node a
 * `BroadcastChannel` is process-wide, and one server-side client per request must never sign
 * out another request's client. Never throws: without a channel, tabs sign out on their own.
 */
export function openSignOutChannel(baseURL: string, onSignOut: () => void): SignOutChannel | null {
  if (typeof window === 'undefined' || typeof BroadcastChannel === 'undefined') return null
  let channel: BroadcastChannel
  try {
    channel = new BroadcastChannel(`pixwel-react:${baseURL}`)
  } catch {
    return null
  }
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown } | null
    if (typeof data === 'object' && data?.type === message.type) onSignOut()
  }
  // Node's BroadcastChannel (jsdom tests, some test runners) would keep the process alive.
  ;(channel as { unref?: () => void }).unref?.()
  let open = true
  return {
    post() {
      if (open) channel.postMessage(message)
    },
    close() {
      if (!open) return
      open = false
      channel.close()
    },
  }
}
