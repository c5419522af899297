import { PixwelError } from '../errors/PixwelError.js'
import type { PixwelPage, PixwelPageChannel, PixwelPageEvent } from '../api/PixwelPage.js'

/**
 * A test kit tab's page (its visibility, its listeners) and the in-memory channel its tabs
 * share, for `createPixwelTabs`.
 */

/** One tab's end of a named channel. */
export interface Endpoint {
  listener: ((data: unknown) => void) | undefined
  open: boolean
}

/** A tab's page, and the switches the kit plays on it. */
export interface TabPage {
  readonly page: PixwelPage
  hidden: boolean
  open: boolean
  fire(type: PixwelPageEvent): void
  /** Leaves every channel and forgets every listener. */
  close(): void
}

export function createTabPage(lines: Map<string, Set<Endpoint>>): TabPage {
  const listeners = new Map<PixwelPageEvent, Set<{ listener: () => void }>>()
  const joined: PixwelPageChannel[] = []
  const state: TabPage = {
    hidden: false,
    open: true,
    page: {
      hidden: () => state.hidden,
      on(type, listener) {
        // One entry per call: the same function listening twice is called twice, stopped once.
        const entry = { listener }
        let set = listeners.get(type)
        if (!set) listeners.set(type, (set = new Set()))
        set.add(entry)
        return () => void set.delete(entry)
      },
      channel(name) {
        if (!state.open) return null
        const channel = joinLine(lines, name)
        joined.push(channel)
        return channel
      },
    },
    fire(type) {
      // As a browser does: every listener runs even if one throws; the first error is thrown.
      let failure: { error: unknown } | undefined
      for (const { listener } of [...(listeners.get(type) ?? [])]) {
        try {
          listener()
        } catch (error) {
          failure ??= { error }
        }
      }
      if (failure) throw failure.error
    },
    close() {
      state.open = false
      for (const channel of joined.splice(0)) channel.close()
      listeners.clear()
    },
  }
  return state
}

/**
 * Joins the channel `name`, as `new BroadcastChannel(name)` does: what it posts reaches every
 * other open end of that name, as a structured clone made when posted (an object that cannot
 * be cloned throws there), in a microtask, in the order posted; an end closed before then
 * gets nothing.
 */
function joinLine(lines: Map<string, Set<Endpoint>>, name: string): PixwelPageChannel {
  let line = lines.get(name)
  if (!line) lines.set(name, (line = new Set()))
  const ends = line
  const self: Endpoint = { listener: undefined, open: true }
  ends.add(self)
  return {
    post(message) {
      if (!self.open) throw new PixwelError('configuration', 'This tab left the channel.')
      // Cloned as it is posted, as BroadcastChannel does: an uncloneable message throws even
      // with nobody listening. Each tab then gets a copy of its own.
      const posted: unknown = structuredClone(message)
      for (const other of ends) {
        if (other === self) continue
        const copy: unknown = structuredClone(posted)
        // A promise's microtask, not queueMicrotask: fake timers may fake that one.
        void Promise.resolve().then(() => {
          if (other.open) other.listener?.(copy)
        })
      }
    },
    listen(listener) {
      self.listener = listener
    },
    close() {
      self.open = false
      ends.delete(self)
    },
  }
}
