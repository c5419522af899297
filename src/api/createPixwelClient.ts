import { PixwelError } from '../errors/PixwelError.js'
import { readOwn } from '../errors/readOwn.js'
import { callGuarded } from '../errors/reportCallbackError.js'
import type { ContractDriftReport } from '../schemas/contractDrift.js'
import { projectSession } from '../schemas/parseSession.js'
import type { Session } from '../schemas/sessionContract.js'
import { checkFields, type SessionField, type SessionWithFields } from '../schemas/sessionFields.js'
import {
  checkSignal,
  isAborted,
  readClientOptions,
  readWaitOptions,
  type PixwelClientOptions,
  type WaitForTwoFactorOptions,
} from './clientOptions.js'
import { createFlights } from './createFlights.js'
import { createHttp, refuseRedirectsOffOrigin } from './createHttp.js'
import { createRefreshTriggers } from './createRefreshTriggers.js'
import { createTokenStore } from './createTokenStore.js'
import { createTwoFactorChallenge } from './createTwoFactorChallenge.js'
import { openSignOutChannel, type SignOutChannel } from './openSignOutChannel.js'
import type { PixwelClient } from './PixwelClient.js'
import type { PixwelClientEvent, PixwelSessionSnapshot } from './PixwelSessionSnapshot.js'
import { restoring } from './PixwelSessionSnapshot.js'
import { isNamedStorage, resolveStorage } from './PixwelStorage.js'
import { requestSession, type CreateSessionOptions } from './requestSession.js'
import {
  sealCredentials,
  sealedTime,
  tick,
  unseal,
  type Credentials,
  type SealedCredentials,
} from './sealCredentials.js'
import { initialState, transition, type Effect, type MachineEvent } from './sessionMachine.js'

/** Clients made dormant (by the provider, during a render) and not started yet. */
const dormant = new WeakMap<PixwelClient, () => void>()

/**
 * Creates a {@link PixwelClient}. Checks the configuration first: a bad `baseURL` or
 * `timeoutMs` throws a `configuration` {@link PixwelError} before any request.
 *
 * @example
 * ```ts
 * const client = createPixwelClient({
 *   baseURL: import.meta.env.VITE_PIXWEL_API_URL,
 *   onUnauthorized: () => router.navigate('/sign-in'),
 * })
 * ```
 */
export function createPixwelClient(options?: PixwelClientOptions): PixwelClient {
  return makeClient(options, false)
}

/**
 * A client that sends nothing, and opens nothing, until {@link startClient}: what a render
 * may make and throw away (StrictMode calls initialisers twice) without a request.
 */
export function createDormantClient(options: PixwelClientOptions): PixwelClient {
  return makeClient(options, true)
}

/** Starts a dormant client (its restore); nothing for any other. */
export function startClient(client: PixwelClient): void {
  const start = dormant.get(client)
  dormant.delete(client)
  start?.()
}

function makeClient(options: PixwelClientOptions | undefined, asleep: boolean): PixwelClient {
  const config = readClientOptions(options)
  const { baseURL, origin, persist, onUnauthorized, onContractDrift } = config
  const api = { baseURL, origin, beforeRedirect: refuseRedirectsOffOrigin(origin) }
  // Asked once, at creation: rendering must not touch browser globals. Outside a browser a
  // named storage is not there: the server render says `restoring`, as the browser's first
  // render will, and touches nothing.
  const inBrowser = typeof window !== 'undefined'
  const serverRender = isNamedStorage(persist) && !inBrowser
  const storage = serverRender ? undefined : resolveStorage(persist)
  const store = storage && createTokenStore(storage, baseURL)
  const kept = store ? store.read() : null

  let state = initialState({
    restoring: serverRender || kept !== null,
    lifetimeMs: config.twoFactorLifetimeMs,
  })
  /** Bumped by every change of the snapshot: listeners told of an older one stop hearing it. */
  let version = 0
  const listeners = new Set<(event: PixwelClientEvent) => void>()
  let restored: {
    promise: Promise<PixwelSessionSnapshot>
    resolve(s: PixwelSessionSnapshot): void
  } | null = null
  let channel: SignOutChannel | null | undefined

  const http = createHttp({
    baseURL,
    origin,
    timeoutMs: config.timeoutMs,
    adapter: config.adapter,
    authorization: () => state.auth?.value ?? null,
    rejected: (value, error) => dispatch({ type: 'rejected', value, error, at: tick() }),
    refused: () => (state.disposed ? disposedError() : null),
  })
  const flights = createFlights({
    request: (flight, signal) =>
      requestSession(http, api, {
        authorization: flight.auth.value,
        fields: flight.fields,
        signal,
        purpose: flight.kind === 'sign-in' ? 'sign-in' : 'refresh',
        contract: config.contract,
        onContractDrift: reportDrift,
      }),
    answered: (id, session) => dispatch({ type: 'answered', id, session, at: Date.now() }),
    failed: (id, error) => dispatch({ type: 'failed', id, error }),
    abandoned: (id) => dispatch({ type: 'abandoned', id }),
  })
  const challenge = createTwoFactorChallenge({
    poll: () => refreshSession(),
    expired: (id, at) => dispatch({ type: 'expired', id, at }),
  })
  const triggers = createRefreshTriggers({
    intervalMs: config.refreshIntervalMs,
    onFocus: config.refreshOnFocus,
    // A failed background refresh is not the app's business: a 401 signs out by itself.
    refresh: () => void refreshSession().catch(ignore),
  })

  /** Feeds the machine one event and carries out its effects, in order. */
  function dispatch(event: MachineEvent): void {
    const next = transition(state, event)
    state = next.state
    for (const effect of next.effects) run(effect)
    triggers.sync(state.auth !== null)
    if (restored && state.snapshot.status !== 'restoring') {
      restored.resolve(state.snapshot)
      restored = null
    }
  }

  function run(effect: Effect): void {
    switch (effect.type) {
      case 'send':
        return flights.send(effect.flight)
      case 'cancel':
        return flights.cancel(effect.id, effect.error)
      case 'settle':
        // A listener signed out while hearing of this sign-in: then it did not happen.
        return flights.settle(
          effect.id,
          state.auth === effect.auth
            ? effect.session
            : new PixwelError('aborted', 'The sign-in was cancelled by a sign-out.'),
        )
      case 'fail':
        return flights.settle(effect.id, effect.error)
      case 'keep':
        return store?.keep(effect.token)
      case 'forget':
        return store?.forget()
      case 'arm':
        return challenge.arm(effect.challenge)
      case 'end-challenge':
        return challenge.end(effect.id, effect.outcome)
      case 'emit':
        version++
        // The client's state: nobody holding the session may change it under the snapshot.
        freezeDeep(effect.event.snapshot.session)
        return emit(effect.event)
      case 'post':
        return crossTab()?.post()
      case 'unauthorized':
        if (onUnauthorized) callGuarded(() => onUnauthorized(effect.error))
        return
      case 'close':
        channel?.close()
    }
  }

  function emit(event: PixwelClientEvent): void {
    const at = version
    for (const listener of [...listeners]) {
      // A listener changed the session: the rest hear of the newer change, not of this one.
      if (version !== at) return
      callGuarded(() => listener(event))
    }
  }

  /** An answer drifted from the contract: the app's callback, then the subscribers, hear it. */
  function reportDrift(report: ContractDriftReport): void {
    if (onContractDrift) callGuarded(() => onContractDrift(report))
    emit({ type: 'contract-drift', report, snapshot: state.snapshot })
  }

  /** The line to the other tabs, opened on first use: a server render touches no browser global. */
  function crossTab(): SignOutChannel | null {
    if (state.disposed) return null
    channel ??= openSignOutChannel(baseURL, () => {
      dispatch({ type: 'sign-out', crossTab: true, at: tick() })
    })
    return channel
  }

  /** Why this client cannot do `what`: disposed, or on a server with nothing to restore from. */
  function refusal(what: string): PixwelError | null {
    if (state.disposed) return disposedError()
    if (!serverRender) return null
    return new PixwelError(
      'configuration',
      `${what} cannot run on the server: this client (persist: '${persist as string}') reads the kept session in the browser only.`,
    )
  }

  function start(): void {
    if (kept === null) return
    // Listen to the other tabs from the start: a sign-out there cancels the restore too.
    crossTab()
    if (typeof kept === 'string') dispatch({ type: 'stored', token: kept })
    else void kept.then((token) => dispatch({ type: 'stored', token }))
  }

  async function createSession(
    credentials: Credentials | SealedCredentials,
    sessionOptions?: CreateSessionOptions,
  ): Promise<Session | SessionWithFields<SessionField>> {
    const own = readOwn(
      sessionOptions === undefined ? {} : sessionOptions,
      ['fields', 'signal'],
      () =>
        new PixwelError(
          'configuration',
          'createSession takes an options object (or nothing), with readable properties.',
        ),
    )
    const fields = own.fields === undefined ? undefined : checkFields(own.fields)
    const signal = checkSignal(own.signal)
    const sealed = sealCredentials(credentials)
    const value = unseal(sealed)
    const refused = refusal('createSession')
    if (refused && state.disposed) throw refused
    if (isAborted(signal)) throw new PixwelError('aborted', 'The sign-in was cancelled.')
    if (sealedTime(sealed) < state.signedOutAt) {
      throw new PixwelError('aborted', 'The sign-in was cancelled by a sign-out.')
    }
    // The key never leaves this closure: it holds the Authorization value.
    const key = `${value}\n${fields ? [...fields].sort().join(',') : ''}`
    crossTab()
    const id = state.flight?.key === key ? state.flight.id : state.nextId
    // Only a token is ever kept, and only when asked; a password sign-in forgets the token
    // this client kept, so that a reload never restores another account.
    const bearer = sealed.method === 'bearer'
    const keep =
      bearer && sealed.persist !== false ? { token: value.slice('Bearer '.length) } : 'forget'
    dispatch({ type: 'sign-in', auth: { value }, key, keep, fields })
    const session = await flights.wait(id, signal)
    // Joined a restore or a refresh of this token: `persist: false` still forgets it.
    if (bearer && sealed.persist === false) store?.forget()
    return fields ? projectSession(session, fields) : session
  }

  async function refreshSession(): Promise<Session> {
    const refused = refusal('refreshSession()')
    if (refused) throw refused
    if (state.reading) {
      // A kept token is still being read: the restore is the refresh.
      const settled = await whenRestored()
      if (settled.session) return settled.session
    }
    if (!state.flight) dispatch({ type: 'refresh' })
    if (!state.flight)
      throw new PixwelError('unauthorized', 'There is no session to refresh: sign in first.')
    return flights.wait(state.flight.id)
  }

  function whenRestored(): Promise<PixwelSessionSnapshot> {
    const refused = refusal('whenRestored()')
    if (refused && !state.disposed) return Promise.reject(refused)
    if (state.snapshot.status !== 'restoring') return Promise.resolve(state.snapshot)
    if (!restored) {
      let resolve!: (snapshot: PixwelSessionSnapshot) => void
      const promise = new Promise<PixwelSessionSnapshot>((done) => (resolve = done))
      restored = { promise, resolve }
    }
    return restored.promise
  }

  async function waitForTwoFactor(waitOptions?: WaitForTwoFactorOptions): Promise<Session> {
    const { intervalMs, timeoutMs, signal } = readWaitOptions(waitOptions)
    const refused = refusal('waitForTwoFactor()')
    if (refused) throw refused
    const cancelled = () => new PixwelError('aborted', 'The wait for two-factor was cancelled.')
    if (isAborted(signal)) throw cancelled()
    if (state.snapshot.status === 'restoring') {
      // A kept session is being restored: wait on what it turns out to be, or the signal.
      await new Promise<void>((resolve, reject) => {
        const abort = () => reject(cancelled())
        signal?.addEventListener('abort', abort, { once: true })
        void whenRestored().then(() => {
          signal?.removeEventListener('abort', abort)
          resolve()
        })
      })
      return waitForTwoFactor(waitOptions)
    }
    if (state.snapshot.status === 'signed-in') return state.snapshot.session
    if (state.snapshot.status !== 'two-factor-required' || !state.challenge) {
      throw new PixwelError('unauthorized', 'There is no two-factor sign-in to wait for.')
    }
    if (timeoutMs !== undefined) dispatch({ type: 'shorten', timeoutMs })
    return challenge.wait(state.challenge.id, intervalMs, signal)
  }

  const client: PixwelClient = {
    http,
    baseURL,
    createSession,
    refreshSession,
    waitForTwoFactor,
    whenRestored,
    signOut() {
      if (!state.disposed) dispatch({ type: 'sign-out', crossTab: false, at: tick() })
    },
    isSignedIn: () => state.auth !== null,
    getSession: () => state.snapshot,
    // In a browser hydrating a server render, `restoring` for a client with `persist` (the
    // server could not read the storage); elsewhere the snapshot.
    getServerSession: () => (persist !== undefined && inBrowser ? restoring : state.snapshot),
    subscribe(listener) {
      if (typeof listener !== 'function') {
        throw new PixwelError('configuration', 'subscribe takes a listener function.')
      }
      listeners.add(listener)
      crossTab()
      return () => {
        listeners.delete(listener)
      }
    },
    dispose() {
      if (!state.disposed) dispatch({ type: 'dispose' })
      dormant.delete(client)
    },
  }
  if (asleep) dormant.set(client, start)
  else start()
  return client
}

function disposedError(): PixwelError {
  return new PixwelError(
    'configuration',
    'This client was disposed: it sends nothing any more. Make a new one with createPixwelClient().',
  )
}

function ignore(): void {
  // Nobody waits for this outcome.
}

/** Freezes a parsed session and everything in it (all of it the parser's own fresh objects). */
function freezeDeep(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return
  Object.freeze(value)
  for (const item of Object.values(value)) freezeDeep(item)
}
