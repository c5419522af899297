import { PixwelError } from '../errors/PixwelError.js'
import { readOwn } from '../errors/readOwn.js'
import {
  extension,
  type PixwelExtension,
  type PixwelTimelineEntry,
  type PixwelTimelineKind,
} from './PixwelExtension.js'
import type { PixwelClientEvent, PixwelSessionStatus } from './PixwelSessionSnapshot.js'
import type { Effect, Flight, MachineEvent, MachineState } from './sessionMachine.js'
import type { RefreshTrigger, Trace } from './trace.js'
import { attempt } from './unref.js'

/** The options of {@link pixwelTimeline}. */
export interface PixwelTimelineOptions {
  /** How many entries the timeline keeps, the latest (1 to 10 000; 100 by default). */
  size?: number
}

const defaultSize = 100
const maxSize = 10_000

/** Why a background request was sent, in words. */
const because: Record<RefreshTrigger, string> = {
  focus: 'the window got focus',
  interval: 'the refresh interval',
  visible: 'the page was shown',
  online: 'the browser came back online',
  'two-factor': 'a two-factor poll',
  retry: 'a retry after Pixwel could not be reached',
}

/**
 * The timeline of a client's decisions, for `client.getTimeline()`: the latest `size` (100 by
 * default) requests and why they were sent, answers, refreshes skipped and why, storage
 * operations, cross-tab messages and changes of status. Redacted by construction: an entry is
 * written from status words, error kinds and counts, never from a credential, a session or an
 * event, so it holds no password, token, `Authorization` value, hash, email or username.
 * Opt-in: an app that does not import it does not ship it.
 *
 * @example
 * ```ts
 * const client = createPixwelClient({ timeline: pixwelTimeline() })
 * client.getTimeline().map((entry) => `${entry.kind}: ${entry.message}`)
 * ```
 */
export function pixwelTimeline(options?: PixwelTimelineOptions): PixwelExtension {
  const read = readOwn(
    options === undefined ? {} : options,
    ['size'],
    () =>
      new PixwelError(
        'configuration',
        'pixwelTimeline takes an options object (or nothing), with readable properties.',
      ),
  )
  const size = read.size === undefined ? defaultSize : read.size
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > maxSize) {
    throw new PixwelError(
      'configuration',
      `pixwelTimeline's size must be a whole number from 1 to ${maxSize}.`,
    )
  }
  // Each client gets its own buffer: one options object may serve several clients (tabs).
  return extension('timeline', () => {
    const ring: PixwelTimelineEntry[] = []
    let next = 0
    const recorder = createRecorder((kind, message) => {
      const entry = Object.freeze({ at: Date.now(), kind, message })
      if (ring.length < size) ring.push(entry)
      else ring[next] = entry
      next = (next + 1) % size
    })
    return {
      // A timeline must never break its client: a decision it cannot word is not recorded.
      note: (trace) => attempt(() => recorder(trace), undefined),
      timeline: () =>
        Object.freeze(
          ring.length < size ? ring.slice() : [...ring.slice(next), ...ring.slice(0, next)],
        ),
    }
  })
}

type Add = (kind: PixwelTimelineKind, message: string) => void

/** Turns each raw trace into entries, remembering why the next refresh is sent. */
function createRecorder(add: Add): (trace: Trace) => void {
  /** What the scheduler last said it sends, until the next dispatch. */
  let why: RefreshTrigger | undefined
  return (trace) => {
    switch (trace.type) {
      case 'refresh':
        why = trace.why
        return
      case 'skip':
        return add('skip', skipped(trace))
      case 'told':
        return add('message', 'sent to the other tabs: this tab refreshed')
      case 'heard':
        return add('message', `heard: another tab refreshed ${ago(own(trace, 'at'))}`)
      case 'dispatch': {
        const trigger = why
        why = undefined
        return dispatched(add, trace, trigger)
      }
    }
  }
}

function skipped(trace: Extract<Trace, { type: 'skip' }>): string {
  if (trace.why === 'hidden') return 'interval refresh held: page hidden'
  const head = `refresh skipped (${trace.trigger}): `
  if (trace.why === 'rate-limited') {
    const until = own(trace, 'until')
    const left = typeof until === 'number' ? seconds(until - Date.now()) : '? s'
    return `${head}rate-limited until ${clock(until)} (${left} from now)`
  }
  if (trace.why === 'claimed') return `${head}another tab on the same kept token claimed it`
  const who = own(trace, 'elsewhere') === true ? 'another tab' : 'this tab'
  return `${head}${who} refreshed ${ago(own(trace, 'at'))}`
}

function dispatched(
  add: Add,
  trace: Extract<Trace, { type: 'dispatch' }>,
  trigger: RefreshTrigger | undefined,
): void {
  const { event, before, state, effects } = trace
  heard(add, event, effects)
  outcome(add, event, before, effects)
  let from: PixwelSessionStatus = before.snapshot.status
  for (const effect of effects) {
    const line = effectLine(effect, event, before, trigger)
    if (line) add(line[0], line[1])
    if (effect.type === 'emit') {
      add('state', stateLine(from, effect.event))
      from = effect.event.snapshot.status
    }
  }
  // A change of the snapshot with no event (a quiet sign-out heard from another tab).
  if (from !== state.snapshot.status) add('state', `${from} → ${state.snapshot.status}`)
}

/** A message from another tab, as the machine took it. */
function heard(add: Add, event: MachineEvent, effects: readonly Effect[]): void {
  const ignored = effects.length === 0 ? ' (ignored: not this tab’s session)' : ''
  if (event.type === 'sign-out' && event.crossTab) {
    const idle = event.reason === 'idle' ? ' (idle)' : ''
    add('message', `heard: another tab signed out${idle}${ignored}`)
  } else if (event.type === 'adopt') {
    add('message', `heard: another tab shared its refreshed session${ignored}`)
  } else if (event.type === 'adopt-kept') {
    add('message', `heard: another tab kept a new token${ignored}`)
    add('storage', 'read: the token the other tab kept (from the storage, not the channel)')
  } else if (event.type === 'stored' && effects.length > 0) {
    const error = own(event, 'error')
    add(
      'storage',
      event.token !== null
        ? 'read: a token is kept'
        : error
          ? `read: no answer from the storage (${kindOf(error)})`
          : 'read: no token kept',
    )
  }
}

/** What an answer (or a 401, or callers leaving) did to the request it concerned. */
function outcome(
  add: Add,
  event: MachineEvent,
  before: MachineState,
  effects: readonly Effect[],
): void {
  if (event.type === 'rejected') {
    if (effects.length > 0) add('request', 'answer: 401, the credentials are no longer valid')
    return
  }
  if (event.type !== 'answered' && event.type !== 'failed') return
  const flight = before.flight
  if (flight?.id !== event.id) return
  const name = flightName(flight)
  if (event.type === 'failed') {
    const status = own(event.error, 'status')
    const code = typeof status === 'number' && Number.isInteger(status) ? ` (HTTP ${status})` : ''
    return add('request', `${name} failed: ${kindOf(event.error)}${code}`)
  }
  const emitted = effects.find((effect) => effect.type === 'emit')
  const failure = effects.find((effect) => effect.type === 'fail')
  let result: string
  if (emitted?.type === 'emit' && 'snapshot' in emitted.event) {
    const status = emitted.event.snapshot.status
    result =
      status === 'two-factor-required'
        ? 'two-factor required'
        : emitted.event.type === 'updated'
          ? 'updated'
          : status === 'signed-in'
            ? 'signed in'
            : status
  } else if (failure?.type === 'fail') {
    result = `failed: ${kindOf(failure.error)}`
  } else result = 'unchanged'
  add('request', `${name} answered: ${result}`)
}

function effectLine(
  effect: Effect,
  event: MachineEvent,
  before: MachineState,
  trigger: RefreshTrigger | undefined,
): [PixwelTimelineKind, string] | undefined {
  switch (effect.type) {
    case 'send':
      return ['request', sent(effect.flight, event, before, trigger)]
    case 'cancel':
      return before.flight?.id === effect.id
        ? ['request', `${flightName(before.flight)} cancelled`]
        : undefined
    case 'keep':
      return ['storage', 'keep: the new token (replacing the kept one)']
    case 'forget':
      return ['storage', 'forget: the token this tab kept, if still kept']
    case 'post':
      return [
        'message',
        `sent to the other tabs: signed out${effect.reason === 'idle' ? ' (idle)' : ''}`,
      ]
    case 'share':
      return [
        'message',
        effect.kind === 'kept'
          ? 'sent to the other tabs: a token was kept (they read it from the storage)'
          : 'sent to the other tabs: the refreshed session',
      ]
    case 'retry-later':
      return ['request', `restore will be tried again (failure ${count(effect.attempt)})`]
    default:
      return undefined
  }
}

/** A request sent, and why. */
function sent(
  flight: Flight,
  event: MachineEvent,
  before: MachineState,
  trigger: RefreshTrigger | undefined,
): string {
  if (flight.kind === 'sign-in') {
    // Only the scheme's name is looked at, never the credentials.
    const password = flight.auth.value.startsWith('Basic ')
    const kept = typeof flight.keep === 'object' ? ', to be kept' : ''
    return `sign-in sent: with a ${password ? 'password' : `token${kept}`}`
  }
  const why = trigger
    ? because[trigger]
    : event.type === 'refresh'
      ? 'the app called refreshSession()'
      : undefined
  if (flight.kind === 'restore') {
    if (event.type === 'stored') return 'restore sent: a token was kept'
    const attempt = before.retry ? ` (after ${count(before.retry.attempt)} failed)` : ''
    return `restore sent again${attempt}: ${why ?? 'a retry'}`
  }
  return `refresh sent: ${why ?? 'the app called refreshSession()'}`
}

function flightName(flight: Flight): string {
  return flight.kind === 'sign-in' ? 'sign-in' : flight.kind
}

function stateLine(from: PixwelSessionStatus, event: PixwelClientEvent): string {
  const to = event.snapshot.status
  const change = from === to ? `${to} (session updated)` : `${from} → ${to}`
  if (event.type === 'signed-out') {
    const reason = typeof event.reason === 'string' ? event.reason : 'unknown'
    return `${change}, reason: ${reason}${event.crossTab ? ', in another tab' : ''}`
  }
  if (event.type === 'unreachable') return `${change}: ${kindOf(event.error)}, token kept`
  return change
}

/** An own property only: a polluted Object.prototype is never read. */
function own(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined
}

/** An error's kind, a word from a known list; never its message. */
function kindOf(error: unknown): string {
  const kind = own(error, 'kind')
  return typeof kind === 'string' && /^[a-z-]{1,24}$/.test(kind) ? kind : 'error'
}

function count(value: unknown): string {
  return typeof value === 'number' && Number.isInteger(value) ? String(value) : '?'
}

function seconds(ms: number): string {
  return Number.isFinite(ms) ? `${Math.max(0, Math.round(ms / 1000))} s` : '? s'
}

function ago(at: unknown): string {
  return typeof at === 'number' ? `${seconds(Date.now() - at)} ago` : 'earlier'
}

/** A moment as `hh:mm:ss` UTC. */
function clock(at: unknown): string {
  if (typeof at !== 'number' || !Number.isFinite(at) || Math.abs(at) > 8.64e15) return '?'
  return `${new Date(at).toISOString().slice(11, 19)} UTC`
}
