import type { PixwelPage } from './PixwelPage.js'
import type { PixwelClientEvent, PixwelSessionSnapshot } from './PixwelSessionSnapshot.js'
import type { Note } from './trace.js'

/**
 * An opt-in part of a client, passed in its options (`idle: pixwelIdle(…)`,
 * `timeline: pixwelTimeline()`): an app that does not import one does not ship it. Made only by
 * this library's factories.
 */
export interface PixwelExtension {
  /** @internal Starts the extension on one client; called once per client. */
  readonly start: (host: ExtensionHost) => ExtensionHooks
}

/** @internal What a client lends its extensions. */
export interface ExtensionHost {
  /** The client's page, or `undefined` outside a browser. */
  readonly page: PixwelPage | undefined
  getSession(): PixwelSessionSnapshot
  /** Sends the extension's own message to the app's other tabs on this API root. */
  send(message: { type: string }): void
  /** Ends the session for `reason` (the other tabs that follow it hear of it). */
  signOut(reason: 'idle'): void
  /** Tells the client's subscribers. */
  emit(event: PixwelClientEvent): void
}

/** @internal What an extension hears of its client. */
export interface ExtensionHooks {
  /** Another tab's message with a type of its own (`idle:…`). */
  message?(data: { type: string } & Record<string, unknown>): void
  /** The client's decisions, raw. */
  note?: Note
  /** After every change of the client's state. */
  after?(snapshot: PixwelSessionSnapshot): void
  /** The timeline's entries. */
  timeline?(): readonly PixwelTimelineEntry[]
  /** The client is disposed of. */
  close?(): void
}

/** What kind of decision a {@link PixwelTimelineEntry} records. */
export type PixwelTimelineKind = 'request' | 'skip' | 'storage' | 'message' | 'state'

/**
 * One decision of the client, redacted: never a password, a token, an `Authorization` value,
 * a hash or an email.
 */
export interface PixwelTimelineEntry {
  /** When (epoch ms). */
  readonly at: number
  readonly kind: PixwelTimelineKind
  /** What happened and why, in words: `refresh skipped: another tab refreshed 2 s ago`. */
  readonly message: string
}

/** Extensions made by this library's factories, and the option each is for. */
const made = new WeakMap<object, 'idle' | 'timeline'>()

/** @internal Makes an extension for option `option` (for this library's factories). */
export function extension(
  option: 'idle' | 'timeline',
  start: PixwelExtension['start'],
): PixwelExtension {
  const made_ = Object.freeze({ start })
  made.set(made_, option)
  return made_
}

/** @internal Whether `value` is an extension made by this library for option `option`. */
export function isExtension(value: unknown, option: 'idle' | 'timeline'): value is PixwelExtension {
  return typeof value === 'object' && value !== null && made.get(value) === option
}
