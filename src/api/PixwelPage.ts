/**
 * What a client reads of the page it runs in: whether it is hidden, its focus, `online`,
 * `visibilitychange` and the user's activity, and its line to the app's other tabs. In a browser
 * it is the window's ({@link browserPage}); the test kit's tabs (`createPixwelTabs` in
 * `pixwel-react/testing`) give each client a page of its own, sharing one channel.
 */
export interface PixwelPage {
  /** Whether the page is hidden (another tab in front, the window minimised). */
  hidden(): boolean
  /**
   * Calls `listener` on each `type` of event; returns the function that stops it.
   * `activity` is the user's: a pointer, a key, the page shown again.
   */
  on(type: PixwelPageEvent, listener: () => void): () => void
  /**
   * Opens the line named `name` to the app's other tabs (a `BroadcastChannel` in a browser),
   * or `null` when there is none.
   */
  channel(name: string): PixwelPageChannel | null
}

/** The events a client listens to on its page. */
export type PixwelPageEvent = 'focus' | 'visibilitychange' | 'online' | 'activity'

/** A page's line to the app's other tabs: structured clones, never to its own sender. */
export interface PixwelPageChannel {
  post(message: object): void
  /** Calls `listener` with each message of another tab. */
  listen(listener: (data: unknown) => void): void
  close(): void
}

/**
 * The browser's page, or `undefined` outside a browser (a server, a test without a DOM):
 * React Native has a `window` but no `document`, and may have no event listeners at all.
 */
export function browserPage(): PixwelPage | undefined {
  if (
    typeof window === 'undefined' ||
    typeof document === 'undefined' ||
    typeof window.addEventListener !== 'function'
  ) {
    return undefined
  }
  return {
    hidden: () => document.visibilityState === 'hidden',
    on(type, listener) {
      const targets: [EventTarget, string][] =
        type === 'activity'
          ? [
              [window, 'pointerdown'],
              [window, 'keydown'],
              [document, 'visibilitychange'],
            ]
          : [[type === 'visibilitychange' ? document : window, type]]
      const heard =
        type === 'activity' ? () => document.visibilityState !== 'hidden' && listener() : listener
      for (const [target, name] of targets) target.addEventListener(name, heard)
      return () => {
        for (const [target, name] of targets) target.removeEventListener(name, heard)
      }
    },
    channel(name) {
      if (typeof BroadcastChannel === 'undefined') return null
      let channel: BroadcastChannel
      try {
        channel = new BroadcastChannel(name)
      } catch {
        return null
      }
      // Node's BroadcastChannel (jsdom tests, some test runners) would keep the process alive.
      ;(channel as { unref?: () => void }).unref?.()
      return {
        post: (message) => channel.postMessage(message),
        listen(listener) {
          channel.onmessage = (event: MessageEvent<unknown>) => listener(event.data)
        },
        close: () => channel.close(),
      }
    },
  }
}
