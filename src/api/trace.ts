import type { Effect, MachineEvent, MachineState } from './sessionMachine.js'

/** What started a background request. */
export type RefreshTrigger = 'focus' | 'interval' | 'visible' | 'online' | 'two-factor' | 'retry'

/**
 * A decision of the client, as its parts report it to the extensions that listen (the
 * timeline): raw, so that an app that does not record them pays for no wording. The
 * timeline turns each into a redacted entry (`pixwelTimeline`).
 */
export type Trace =
  /** The machine took `event` in `before` and left `state`, with `effects` to carry out. */
  | {
      readonly type: 'dispatch'
      readonly event: MachineEvent
      readonly before: MachineState
      readonly state: MachineState
      readonly effects: readonly Effect[]
    }
  /** The scheduler sends a background request. */
  | { readonly type: 'refresh'; readonly why: RefreshTrigger }
  /**
   * The scheduler let a trigger go by: a refresh was made `at` (epoch ms, here or in another
   * tab: `elsewhere`) less than the spacing ago, a rate limit holds until `until`, or the page
   * is hidden (the interval waits for it to be shown).
   */
  | {
      readonly type: 'skip'
      readonly trigger: RefreshTrigger
      readonly why: 'spacing' | 'rate-limited' | 'hidden' | 'claimed'
      readonly at?: number
      readonly elsewhere?: boolean
      readonly until?: number
    }
  /** A tab's refresh time crossed the channel: told to the others, or heard from one. */
  | { readonly type: 'told' | 'heard'; readonly message: 'refreshed'; readonly at: number }

/** Where the client's parts report their decisions (nothing when no extension listens). */
export type Note = (trace: Trace) => void
