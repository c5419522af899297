/**
 * The session machine's table: every state × every event, with the next state and the
 * effects, including events that arrive late (a storage read, an answer or a failure of a
 * request that was replaced, the expiry of a challenge that ended, a message from another
 * tab). Pure: no timers, no network, no storage.
 */
import { describe, expect, it } from 'vitest'
import { PixwelError } from '../../src/errors/PixwelError'
import { parseSession } from '../../src/schemas/parseSession'
import type { Session } from '../../src/schemas/sessionContract'
import {
  initialState,
  transition,
  type Auth,
  type Effect,
  type MachineEvent,
  type MachineState,
} from '../../src/api/sessionMachine'
import { user } from '../support/fakePixwel'

const t0 = Date.parse('2026-12-03T09:00:00Z')
const lifetimeMs = 600_000

function session(id: string, twoFactor = false): Session {
  return parseSession(user(id, { twoFactor }))
}

const ada = session('ada')
const tomas = session('tomas', true)
const tomasVerified = session('tomas')
const held: Auth = { value: 'Basic aGVsZA==', kid: null }

function run(state: MachineState, ...events: MachineEvent[]): MachineState {
  for (const event of events) state = transition(state, event).state
  return state
}

const signIn = (auth: Auth, key = `${auth.value}\n`): MachineEvent => ({
  type: 'sign-in',
  auth,
  key,
  keep: 'forget',
  fields: undefined,
})

/** The states, each reached by events from a new client. */
const fresh = initialState({ restoring: false, lifetimeMs })
const reading = initialState({ restoring: true, lifetimeMs })
const states: Record<string, MachineState> = {
  'signed-out': fresh,
  'restoring (reading)': reading,
  'restoring (request)': run(reading, {
    type: 'stored',
    token: 'pat_kept',
    kid: 'k1',
    error: undefined,
  }),
  'signing in': run(fresh, signIn(held)),
  'signed-in': run(fresh, signIn(held), { type: 'answered', id: 1, session: ada, at: t0 }),
  'signed-in, refreshing': run(
    fresh,
    signIn(held),
    { type: 'answered', id: 1, session: ada, at: t0 },
    { type: 'refresh' },
  ),
  'two-factor': run(fresh, signIn(held), { type: 'answered', id: 1, session: tomas, at: t0 }),
  'two-factor, polling': run(
    fresh,
    signIn(held),
    { type: 'answered', id: 1, session: tomas, at: t0 },
    { type: 'refresh' },
  ),
  'signed-in, kept token': run(
    reading,
    { type: 'stored', token: 'pat_kept', kid: 'k1', error: undefined },
    {
      type: 'answered',
      id: 1,
      session: ada,
      at: t0,
    },
  ),
  unreachable: run(
    reading,
    { type: 'stored', token: 'pat_kept', kid: 'k1', error: undefined },
    {
      type: 'failed',
      id: 1,
      error: new PixwelError('network', 'The request failed.'),
    },
  ),
  'unreachable, retrying': run(
    reading,
    { type: 'stored', token: 'pat_kept', kid: 'k1', error: undefined },
    { type: 'failed', id: 1, error: new PixwelError('server', 'Down.') },
    { type: 'retry' },
  ),
  'two-factor, signing in again': run(
    fresh,
    signIn(held),
    { type: 'answered', id: 1, session: tomas, at: t0 },
    signIn({ value: 'Basic YWdhaW4=', kid: null }),
  ),
  disposed: run(fresh, signIn(held), { type: 'dispose' }),
}

/** The id of the request under way in a state (or one that is not), and of its challenge. */
const flightOf = (state: MachineState) => state.flight?.id ?? 99
const challengeOf = (state: MachineState) => state.challenge?.id ?? 98
const heldOr = (state: MachineState) => state.auth?.value ?? held.value
const expiryOf = (state: MachineState) => state.challenge?.expiresAt ?? t0 + lifetimeMs

const unauthorized = new PixwelError('unauthorized', 'The credentials no longer work.')
const network = new PixwelError('network', 'The request failed.')

/** The events, each made for the state it meets. */
const events: Record<string, (state: MachineState) => MachineEvent> = {
  'stored token': () => ({ type: 'stored', token: 'pat_kept', kid: 'k1', error: undefined }),
  'stored none': () => ({ type: 'stored', token: null, kid: '', error: undefined }),
  'sign-in (new)': () => signIn({ value: 'Bearer pat_new', kid: null }),
  'sign-in (same as under way)': (state) =>
    state.flight ? signIn(state.flight.auth, state.flight.key) : signIn(held),
  refresh: () => ({ type: 'refresh' }),
  answered: (state) => ({
    type: 'answered',
    id: flightOf(state),
    session: state.snapshot.status === 'two-factor-required' ? tomasVerified : ada,
    at: t0 + 1_000,
  }),
  'answered (two-factor)': (state) => ({
    type: 'answered',
    id: flightOf(state),
    session: tomas,
    at: t0 + 1_000,
  }),
  'answered (other account)': (state) => ({
    type: 'answered',
    id: flightOf(state),
    session: session('bo'),
    at: t0 + 1_000,
  }),
  'answered (late)': () => ({ type: 'answered', id: 77, session: ada, at: t0 + 1_000 }),
  'answered (after the deadline)': (state) => ({
    type: 'answered',
    id: flightOf(state),
    session: tomas,
    at: expiryOf(state),
  }),
  'failed (network)': (state) => ({ type: 'failed', id: flightOf(state), error: network }),
  'failed (401)': (state) => ({ type: 'failed', id: flightOf(state), error: unauthorized }),
  'failed (late)': () => ({ type: 'failed', id: 77, error: network }),
  abandoned: (state) => ({ type: 'abandoned', id: flightOf(state) }),
  'rejected (held)': (state) => ({
    type: 'rejected',
    value: heldOr(state),
    error: unauthorized,
    at: 5,
  }),
  'rejected (other)': () => ({
    type: 'rejected',
    value: 'Basic b3RoZXI=',
    error: unauthorized,
    at: 5,
  }),
  'sign-out': () => ({ type: 'sign-out', reason: 'sign-out', crossTab: false, at: 5, kid: null }),
  'sign-out (other tab)': () => ({
    type: 'sign-out',
    reason: 'sign-out',
    crossTab: true,
    at: 5,
    kid: null,
  }),
  'sign-out (other tab, other keep)': () => ({
    type: 'sign-out',
    reason: 'sign-out',
    crossTab: true,
    at: 5,
    kid: 'k9',
  }),
  'sign-out (idle)': () => ({
    type: 'sign-out',
    reason: 'idle',
    crossTab: false,
    at: 5,
    kid: null,
  }),
  'sign-out (idle, other tab)': () => ({
    type: 'sign-out',
    reason: 'idle',
    crossTab: true,
    at: 5,
    kid: null,
  }),
  expired: (state) => ({ type: 'expired', id: challengeOf(state), at: expiryOf(state) }),
  'expired (early)': (state) => ({
    type: 'expired',
    id: challengeOf(state),
    at: expiryOf(state) - 1,
  }),
  'expired (late)': (state) => ({ type: 'expired', id: 55, at: expiryOf(state) + 1 }),
  retry: () => ({ type: 'retry' }),
  'adopt (same keep)': (state) => ({
    type: 'adopt',
    kid: state.auth?.kid ?? 'k1',
    session: parseSession(user('ada', { overrides: { roles: ['admin'] } })),
  }),
  'adopt (other keep)': () => ({ type: 'adopt', kid: 'k9', session: ada }),
  'adopt-kept': () => ({
    type: 'adopt-kept',
    token: 'pat_other',
    kid: 'k2',
    session: session('bo'),
  }),
  'shorten (sooner)': () => ({ type: 'shorten', timeoutMs: 60_000 }),
  'shorten (later)': () => ({ type: 'shorten', timeoutMs: 900_000 }),
  dispose: () => ({ type: 'dispose' }),
}

/** A cell: `status[/reason]` and the effects (`-` for the same state object, nothing done). */
function cell(state: MachineState, event: MachineEvent): string {
  const next = transition(state, event)
  if (next.state === state && next.effects.length === 0) return '-'
  const snapshot = next.state.snapshot
  const status =
    snapshot.status === 'signed-out' && snapshot.reason
      ? `signed-out/${snapshot.reason}`
      : snapshot.status
  return `${status} ${next.effects.map(effectName).join(',')}`.trim()
}

function effectName(effect: Effect): string {
  switch (effect.type) {
    case 'send':
      return `send:${effect.flight.kind}`
    case 'cancel':
    case 'fail':
      return `${effect.type}:${effect.error.kind}`
    case 'end-challenge':
      return `end:${effect.outcome instanceof PixwelError ? effect.outcome.kind : 'session'}`
    case 'emit':
      return `emit:${effect.event.type}`
    default:
      return effect.type
  }
}

// prettier-ignore
const table: Record<string, Record<string, string>> = {
  'signed-out': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'signed-out send:sign-in',
    'sign-in (same as under way)': 'signed-out send:sign-in',
    'refresh': '-',
    'answered': '-',
    'answered (two-factor)': '-',
    'answered (other account)': '-',
    'answered (late)': '-',
    'answered (after the deadline)': '-',
    'failed (network)': '-',
    'failed (401)': '-',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': '-',
    'rejected (other)': '-',
    'sign-out': 'signed-out forget,post',
    'sign-out (other tab)': 'signed-out forget',
    'sign-out (other tab, other keep)': 'signed-out forget',
    'sign-out (idle)': 'signed-out forget,post',
    'sign-out (idle, other tab)': 'signed-out forget',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': 'signed-in emit:signed-in',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': 'signed-out close',
  },
  'restoring (reading)': {
    'stored token': 'restoring send:restore',
    'stored none': 'signed-out/not-restored emit:signed-out',
    'sign-in (new)': 'signed-out/not-restored send:sign-in,emit:signed-out',
    'sign-in (same as under way)': 'signed-out/not-restored send:sign-in,emit:signed-out',
    'refresh': '-',
    'answered': '-',
    'answered (two-factor)': '-',
    'answered (other account)': '-',
    'answered (late)': '-',
    'answered (after the deadline)': '-',
    'failed (network)': '-',
    'failed (401)': '-',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': '-',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,emit:signed-out',
    'sign-out (other tab, other keep)': 'signed-out/sign-out forget,emit:signed-out',
    'sign-out (idle)': 'signed-out/idle forget,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,emit:signed-out',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': 'signed-out/not-restored emit:signed-out,close',
  },
  'restoring (request)': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'signed-out/not-restored cancel:aborted,send:sign-in,emit:signed-out',
    'sign-in (same as under way)': '-',
    'refresh': '-',
    'answered': 'signed-in emit:signed-in,settle',
    'answered (two-factor)': 'two-factor-required arm,emit:signed-in,settle',
    'answered (other account)': 'signed-in emit:signed-in,settle',
    'answered (late)': '-',
    'answered (after the deadline)': 'two-factor-required arm,emit:signed-in,settle',
    'failed (network)': 'unreachable emit:unreachable,retry-later,fail:network',
    'failed (401)': 'signed-out/not-restored forget,emit:signed-out,fail:unauthorized',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': '-',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out',
    'sign-out (other tab, other keep)': '-',
    'sign-out (idle)': 'signed-out/idle forget,cancel:aborted,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,cancel:aborted,emit:signed-out',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': 'signed-out/not-restored cancel:aborted,emit:signed-out,close',
  },
  'signing in': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'signed-out cancel:aborted,send:sign-in',
    'sign-in (same as under way)': '-',
    'refresh': '-',
    'answered': 'signed-in forget,emit:signed-in,settle',
    'answered (two-factor)': 'two-factor-required forget,arm,emit:signed-in,settle',
    'answered (other account)': 'signed-in forget,emit:signed-in,settle',
    'answered (late)': '-',
    'answered (after the deadline)': 'two-factor-required forget,arm,emit:signed-in,settle',
    'failed (network)': 'signed-out fail:network',
    'failed (401)': 'signed-out fail:unauthorized',
    'failed (late)': '-',
    'abandoned': 'signed-out cancel:aborted',
    'rejected (held)': '-',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out',
    'sign-out (other tab, other keep)': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out',
    'sign-out (idle)': 'signed-out/idle forget,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,emit:signed-out',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': 'signed-out cancel:aborted,close',
  },
  'signed-in': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'signed-in send:sign-in',
    'sign-in (same as under way)': 'signed-in send:sign-in',
    'refresh': 'signed-in send:refresh',
    'answered': '-',
    'answered (two-factor)': '-',
    'answered (other account)': '-',
    'answered (late)': '-',
    'answered (after the deadline)': '-',
    'failed (network)': '-',
    'failed (401)': '-',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': 'signed-out/unauthorized forget,emit:signed-out,unauthorized',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,emit:signed-out',
    'sign-out (other tab, other keep)': 'signed-out/sign-out forget,emit:signed-out',
    'sign-out (idle)': 'signed-out/idle forget,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,emit:signed-out',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': 'signed-in close',
  },
  'signed-in, refreshing': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'signed-in cancel:aborted,send:sign-in',
    'sign-in (same as under way)': '-',
    'refresh': '-',
    'answered': 'signed-in settle',
    'answered (two-factor)': 'signed-in fail:invalid-response',
    'answered (other account)': 'signed-in fail:invalid-response',
    'answered (late)': '-',
    'answered (after the deadline)': 'signed-in fail:invalid-response',
    'failed (network)': 'signed-in fail:network',
    'failed (401)': 'signed-in fail:unauthorized',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': 'signed-out/unauthorized forget,cancel:unauthorized,emit:signed-out,unauthorized',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out',
    'sign-out (other tab, other keep)': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out',
    'sign-out (idle)': 'signed-out/idle forget,cancel:aborted,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,cancel:aborted,emit:signed-out',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': 'signed-in cancel:aborted,close',
  },
  'two-factor': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'two-factor-required send:sign-in',
    'sign-in (same as under way)': 'two-factor-required send:sign-in',
    'refresh': 'two-factor-required send:refresh',
    'answered': '-',
    'answered (two-factor)': '-',
    'answered (other account)': '-',
    'answered (late)': '-',
    'answered (after the deadline)': '-',
    'failed (network)': '-',
    'failed (401)': '-',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': 'signed-out/unauthorized forget,end:aborted,emit:signed-out,unauthorized',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,end:aborted,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,end:aborted,emit:signed-out',
    'sign-out (other tab, other keep)': 'signed-out/sign-out forget,end:aborted,emit:signed-out',
    'sign-out (idle)': 'signed-out/idle forget,end:aborted,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,end:aborted,emit:signed-out',
    'expired': 'signed-out/two-factor-expired forget,end:timeout,emit:signed-out',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': 'two-factor-required arm,emit:updated',
    'shorten (later)': '-',
    'dispose': 'two-factor-required end:aborted,close',
  },
  'two-factor, polling': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'two-factor-required cancel:aborted,send:sign-in',
    'sign-in (same as under way)': '-',
    'refresh': '-',
    'answered': 'signed-in end:session,emit:updated,settle',
    'answered (two-factor)': 'two-factor-required settle',
    'answered (other account)': 'two-factor-required fail:invalid-response',
    'answered (late)': '-',
    'answered (after the deadline)': 'signed-out/two-factor-expired forget,end:timeout,emit:signed-out,fail:timeout',
    'failed (network)': 'two-factor-required fail:network',
    'failed (401)': 'two-factor-required fail:unauthorized',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': 'signed-out/unauthorized forget,cancel:unauthorized,end:aborted,emit:signed-out,unauthorized',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,cancel:aborted,end:aborted,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,cancel:aborted,end:aborted,emit:signed-out',
    'sign-out (other tab, other keep)': 'signed-out/sign-out forget,cancel:aborted,end:aborted,emit:signed-out',
    'sign-out (idle)': 'signed-out/idle forget,cancel:aborted,end:aborted,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,cancel:aborted,end:aborted,emit:signed-out',
    'expired': 'signed-out/two-factor-expired forget,cancel:aborted,end:timeout,emit:signed-out',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': 'two-factor-required arm,emit:updated',
    'shorten (later)': '-',
    'dispose': 'two-factor-required cancel:aborted,end:aborted,close',
  },
  'signed-in, kept token': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'signed-in send:sign-in',
    'sign-in (same as under way)': 'signed-in send:sign-in',
    'refresh': 'signed-in send:refresh',
    'answered': '-',
    'answered (two-factor)': '-',
    'answered (other account)': '-',
    'answered (late)': '-',
    'answered (after the deadline)': '-',
    'failed (network)': '-',
    'failed (401)': '-',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': 'signed-out/unauthorized forget,emit:signed-out,unauthorized',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,emit:signed-out',
    'sign-out (other tab, other keep)': '-',
    'sign-out (idle)': 'signed-out/idle forget,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,emit:signed-out',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': 'signed-in emit:updated',
    'adopt (other keep)': '-',
    'adopt-kept': 'signed-in emit:signed-in',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': 'signed-in close',
  },
  'unreachable': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'signed-out/not-restored send:sign-in,emit:signed-out',
    'sign-in (same as under way)': 'signed-out/not-restored send:sign-in,emit:signed-out',
    'refresh': 'unreachable send:restore',
    'answered': '-',
    'answered (two-factor)': '-',
    'answered (other account)': '-',
    'answered (late)': '-',
    'answered (after the deadline)': '-',
    'failed (network)': '-',
    'failed (401)': '-',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': '-',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,emit:signed-out',
    'sign-out (other tab, other keep)': '-',
    'sign-out (idle)': 'signed-out/idle forget,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,emit:signed-out',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': 'unreachable send:restore',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': 'signed-in emit:signed-in',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': 'unreachable close',
  },
  'unreachable, retrying': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'signed-out/not-restored cancel:aborted,send:sign-in,emit:signed-out',
    'sign-in (same as under way)': '-',
    'refresh': '-',
    'answered': 'signed-in emit:signed-in,settle',
    'answered (two-factor)': 'two-factor-required arm,emit:signed-in,settle',
    'answered (other account)': 'signed-in emit:signed-in,settle',
    'answered (late)': '-',
    'answered (after the deadline)': 'two-factor-required arm,emit:signed-in,settle',
    'failed (network)': 'unreachable emit:unreachable,retry-later,fail:network',
    'failed (401)': 'signed-out/not-restored forget,emit:signed-out,fail:unauthorized',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': '-',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,cancel:aborted,emit:signed-out',
    'sign-out (other tab, other keep)': '-',
    'sign-out (idle)': 'signed-out/idle forget,cancel:aborted,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,cancel:aborted,emit:signed-out',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': 'unreachable cancel:aborted,close',
  },
  'two-factor, signing in again': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': 'two-factor-required cancel:aborted,send:sign-in',
    'sign-in (same as under way)': '-',
    'refresh': '-',
    'answered': 'signed-in forget,end:aborted,emit:signed-in,settle',
    'answered (two-factor)': 'two-factor-required forget,end:aborted,arm,emit:signed-in,settle',
    'answered (other account)': 'signed-in forget,end:aborted,emit:signed-in,settle',
    'answered (late)': '-',
    'answered (after the deadline)': 'two-factor-required forget,end:aborted,arm,emit:signed-in,settle',
    'failed (network)': 'two-factor-required fail:network',
    'failed (401)': 'two-factor-required fail:unauthorized',
    'failed (late)': '-',
    'abandoned': 'two-factor-required cancel:aborted',
    'rejected (held)': 'signed-out/unauthorized forget,end:aborted,emit:signed-out,unauthorized',
    'rejected (other)': '-',
    'sign-out': 'signed-out/sign-out forget,cancel:aborted,end:aborted,emit:signed-out,post',
    'sign-out (other tab)': 'signed-out/sign-out forget,cancel:aborted,end:aborted,emit:signed-out',
    'sign-out (other tab, other keep)': 'signed-out/sign-out forget,cancel:aborted,end:aborted,emit:signed-out',
    'sign-out (idle)': 'signed-out/idle forget,end:aborted,emit:signed-out,post',
    'sign-out (idle, other tab)': 'signed-out/idle forget,end:aborted,emit:signed-out',
    'expired': 'signed-out/two-factor-expired forget,end:timeout,emit:signed-out',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': 'two-factor-required arm,emit:updated',
    'shorten (later)': '-',
    'dispose': 'two-factor-required cancel:aborted,end:aborted,close',
  },
  'disposed': {
    'stored token': '-',
    'stored none': '-',
    'sign-in (new)': '-',
    'sign-in (same as under way)': '-',
    'refresh': '-',
    'answered': '-',
    'answered (two-factor)': '-',
    'answered (other account)': '-',
    'answered (late)': '-',
    'answered (after the deadline)': '-',
    'failed (network)': '-',
    'failed (401)': '-',
    'failed (late)': '-',
    'abandoned': '-',
    'rejected (held)': '-',
    'rejected (other)': '-',
    'sign-out': '-',
    'sign-out (other tab)': '-',
    'sign-out (other tab, other keep)': '-',
    'sign-out (idle)': '-',
    'sign-out (idle, other tab)': '-',
    'expired': '-',
    'expired (early)': '-',
    'expired (late)': '-',
    'retry': '-',
    'adopt (same keep)': '-',
    'adopt (other keep)': '-',
    'adopt-kept': '-',
    'shorten (sooner)': '-',
    'shorten (later)': '-',
    'dispose': '-',
  },
}

describe('the session machine, every state × every event', () => {
  for (const [stateName, state] of Object.entries(states)) {
    for (const [eventName, make] of Object.entries(events)) {
      it(`${stateName} + ${eventName}`, () => {
        expect(cell(state, make(state))).toBe(table[stateName]?.[eventName])
      })
    }
  }
})

describe('the session machine, rules the table cannot show', () => {
  it('is pure: the state it is given is never changed', () => {
    for (const state of Object.values(states)) {
      const frozen = Object.freeze({ ...state })
      for (const make of Object.values(events)) {
        expect(() => transition(frozen, make(frozen))).not.toThrow()
      }
      expect(frozen).toEqual(state)
    }
  })

  it('expiresAt comes from the answer’s time and the lifetime, once per challenge', () => {
    const state = states['two-factor, polling'] as MachineState
    expect(state.snapshot).toMatchObject({ expiresAt: t0 + lifetimeMs })
    // A poll answered later, with the session changed, keeps the deadline.
    const moved = parseSession(user('tomas', { twoFactor: true, overrides: { queue: ['x'] } }))
    const next = transition(state, {
      type: 'answered',
      id: flightOf(state),
      session: moved,
      at: t0 + 5_000,
    })
    expect(next.state.snapshot).toMatchObject({
      expiresAt: t0 + lifetimeMs,
      session: { queue: ['x'] },
    })
    expect(next.effects.map(effectName)).toEqual(['emit:updated', 'settle'])
  })

  it('a refresh equal but for key order changes nothing', () => {
    const state = states['signed-in, refreshing'] as MachineState
    const reordered = Object.fromEntries(Object.entries(ada).reverse()) as unknown as Session
    const next = transition(state, {
      type: 'answered',
      id: flightOf(state),
      session: reordered,
      at: t0,
    })
    expect(next.state.snapshot).toBe(state.snapshot)
    expect(next.effects.map(effectName)).toEqual(['settle'])
  })

  it('a sign-in sealed before a sign-out loses: the sign-out moves signedOutAt', () => {
    const state = states['signed-in'] as MachineState
    expect(
      transition(state, {
        type: 'sign-out',
        reason: 'sign-out',
        crossTab: false,
        at: 42,
        kid: null,
      }).state.signedOutAt,
    ).toBe(42)
    // An expiry is not the user's sign-out: a sign-in sealed before it goes on.
    const twoFactor = states['two-factor'] as MachineState
    const expired = transition(twoFactor, {
      type: 'expired',
      id: challengeOf(twoFactor),
      at: expiryOf(twoFactor),
    })
    expect(expired.state.signedOutAt).toBe(twoFactor.signedOutAt)
  })
})
