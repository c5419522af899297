import type { PixwelSessionSnapshot } from './PixwelSessionSnapshot.js'

/** An idle warning under way: when the client signs out, and the time left when it began. */
export interface IdleWarningState {
  readonly signOutAt: number
  readonly msLeft: number
}

/**
 * The idle warning under way for each signed-in snapshot (`pixwelIdle` keeps it on the
 * client's current one): what `useIdleWarning` reads, so that a component mounted during the
 * warning shows it too. Weak: a snapshot left behind takes its entry with it.
 */
export const idleWarnings = /* @__PURE__ */ new WeakMap<PixwelSessionSnapshot, IdleWarningState>()
