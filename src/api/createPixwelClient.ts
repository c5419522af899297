import { PixwelError } from '../errors/PixwelError.js'
import { callGuarded } from '../errors/reportCallbackError.js'
import type { ContractDriftReport } from '../schemas/contractDrift.js'
import { refusalOf, readClientOptions, type PixwelClientOptions } from './clientOptions.js'
import { createFlights } from './createFlights.js'
import { createHttp, refuseRedirectsOffOrigin } from './createHttp.js'
import { createScheduler } from './createScheduler.js'
import { createSessionCommands } from './createSessionCommands.js'
import { createTokenStore } from './createTokenStore.js'
import { createTwoFactorChallenge } from './createTwoFactorChallenge.js'
import type { ExtensionHooks } from './PixwelExtension.js'
import { browserPage } from './PixwelPage.js'
import { openSignOutChannel, type SignOutChannel } from './openSignOutChannel.js'
import type { PixwelClient } from './PixwelClient.js'
import type { PixwelSessionSnapshot } from './PixwelSessionSnapshot.js'
import { restoring } from './PixwelSessionSnapshot.js'
import { isNamedStorage, resolveStorage } from './PixwelStorage.js'
import { requestSession } from './requestSession.js'
import { tick } from './sealCredentials.js'
import { createSessionRuntime } from './createSessionRuntime.js'
import { canAdoptKept } from './sessionAdoption.js'
import { initialState } from './sessionMachine.js'
import type { Note } from './trace.js'
import { ignore, unref } from './unref.js'

/** The shortest time between two background refreshes of one API root, across its tabs. */
const refreshSpacingMs = 10_000

/** Clients made dormant (by the provider, during a render) and not started yet. */
const dormant = new WeakMap<PixwelClient, () => void>()
/** Clients disposed of. */
const disposed = new WeakSet<PixwelClient>()

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
  return makeClient(options, undefined)
}

/**
 * A client that sends nothing, and opens nothing, until {@link startClient}: what a render
 * may make and throw away (StrictMode calls initialisers twice) without a request.
 */
export function createDormantClient(
  options: PixwelClientOptions,
  /** Called when `whenRestored()` starts it (a render that suspends on it before any effect). */
  woken: () => void,
): PixwelClient {
  return makeClient(options, woken)
}

/** Whether `client` was disposed of. */
export function isDisposed(client: PixwelClient): boolean {
  return disposed.has(client)
}

/** Starts a dormant client (its restore); nothing for any other. */
export function startClient(client: PixwelClient): void {
  const start = dormant.get(client)
  dormant.delete(client)
  start?.()
}

function makeClient(
  options: PixwelClientOptions | undefined,
  woken: (() => void) | undefined,
): PixwelClient {
  const config = readClientOptions(options)
  const { baseURL, origin, persist, onUnauthorized, onContractDrift } = config
  const api = { baseURL, origin, beforeRedirect: refuseRedirectsOffOrigin(origin) }
  // Asked once, at creation: rendering must not touch browser globals. Outside a browser a
  // named storage is not there: the server render says `restoring`, as the browser's first
  // render will, and touches nothing.
  const inBrowser = typeof window !== 'undefined'
  const page = config.page ?? (inBrowser ? browserPage() : undefined)
  /** The opt-in extensions' hooks, once started (at the end of creation). */
  const hooks: ExtensionHooks[] = []
  /** Where the parts report their decisions: to the extensions that listen (the timeline). */
  const note: Note = (trace) => {
    for (const hook of hooks) hook.note?.(trace)
  }
  const serverRender = isNamedStorage(persist) && !inBrowser
  const storage = serverRender ? undefined : resolveStorage(persist)
  const store = storage && createTokenStore(storage, baseURL)
  const kept = store ? store.read() : null

  const runtime = createSessionRuntime(
    initialState({
      restoring: serverRender || kept !== null,
      lifetimeMs: config.twoFactorLifetimeMs,
    }),
  )
  const { dispatch } = runtime
  runtime.note = note
  let channel: SignOutChannel | null | undefined
  /** The deadline of an asynchronous storage's read of the kept token. */
  let readDeadline: ReturnType<typeof setTimeout> | undefined

  const http = createHttp({
    baseURL,
    origin,
    timeoutMs: config.timeoutMs,
    adapter: config.adapter,
    authorization: () => runtime.state.auth?.value ?? null,
    rejected: (value, error) => dispatch({ type: 'rejected', value, error, at: tick() }),
    refused: () => (runtime.state.disposed ? refusal('A request') : null),
  })
  // Every background request goes through one scheduler: focus, the interval, online,
  // two-factor polls, retries; spaced across tabs, paused by a rate limit.
  const scheduler = createScheduler({
    page,
    note,
    intervalMs: config.refreshIntervalMs,
    onFocus: config.refreshOnFocus,
    spacingMs: Math.min(refreshSpacingMs, (config.refreshIntervalMs ?? Infinity) / 2),
    // A failed background refresh is not the app's business: a 401 signs out by itself.
    refresh: () => void refreshSession().catch(ignore),
    retry: () => dispatch({ type: 'retry' }),
    // Only the tabs on the same kept token share a rhythm: a password session, or another
    // account's, is refreshed by its own tab.
    announce: (at) => {
      const kid = runtime.state.auth?.kid
      if (!kid) return
      note({ type: 'told', message: 'refreshed', at })
      crossTab()?.announce(at, kid)
    },
    coordinated: () => !!runtime.state.auth?.kid && crossTab() !== null,
    claim: (nonce) => {
      const kid = runtime.state.auth?.kid
      if (kid) crossTab()?.claim(nonce, kid)
    },
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
    failed: (id, error) => {
      // A rate limit holds every background trigger until its Retry-After has passed.
      if (error.kind === 'rate-limited')
        scheduler.pause(Date.now() + (error.retryAfterMs ?? 60_000))
      dispatch({ type: 'failed', id, error })
    },
    abandoned: (id) => dispatch({ type: 'abandoned', id }),
  })
  const challenge = createTwoFactorChallenge({
    poll: () => {
      note({ type: 'refresh', why: 'two-factor' })
      return refreshSession()
    },
    expired: (id, at) => dispatch({ type: 'expired', id, at }),
    delay: (ms) => scheduler.pollDelay(ms),
    whenShown: (listener) => scheduler.whenShown(listener),
  })
  runtime.connect({
    flights,
    store,
    challenge,
    post: (kid, reason) => crossTab()?.post(kid, reason),
    share: (kind, kid, session) => crossTab()?.share(kind, kid, session),
    close: () => {
      channel?.close()
      scheduler.close()
      for (const hook of hooks) hook.close?.()
    },
    onUnauthorized,
    retryLater: (attempt) => scheduler.retryLater(attempt),
    after: (state) => {
      // The read was answered, or overtaken by a sign-in, a sign-out or `dispose()`.
      if (!state.reading) clearTimeout(readDeadline)
      scheduler.sync(state.auth !== null)
      scheduler.syncUnreachable(state.snapshot.status === 'unreachable' && !state.disposed)
      for (const hook of hooks) hook.after?.(state.snapshot)
    },
  })

  /** An answer drifted from the contract: the app's callback, then the subscribers, hear it. */
  function reportDrift(report: ContractDriftReport): void {
    if (onContractDrift) callGuarded(() => onContractDrift(report))
    runtime.emit({ type: 'contract-drift', report, snapshot: runtime.state.snapshot })
  }

  /** The line to the other tabs, opened on first use: a server render touches no browser global. */
  function crossTab(): SignOutChannel | null {
    if (runtime.state.disposed) return null
    channel ??= openSignOutChannel(page, baseURL, {
      signedOut: (kid, reason) =>
        dispatch({ type: 'sign-out', reason, crossTab: true, at: tick(), kid }),
      refreshed: (at, kid) => {
        if (kid === runtime.state.auth?.kid) scheduler.refreshedElsewhere(at)
      },
      claimed: (nonce, kid) => {
        if (kid === runtime.state.auth?.kid) scheduler.claimed(nonce)
      },
      shared: (kind, kid, session) => {
        if (kind === 'session') return dispatch({ type: 'adopt', kid, session })
        // A new keep: the token comes from the storage, never over the channel.
        // In a browser the message may come before the storage shows the write (they travel
        // apart, between processes): read again a little later, three times at most.
        const read = (tries: number): void => {
          if (!store || !canAdoptKept(runtime.state, kid)) return
          void Promise.resolve(store.read()).then((value) => {
            if (value?.kid === kid) {
              dispatch({ type: 'adopt-kept', token: value.token, kid, session })
            } else if (tries < 3 && !runtime.state.disposed) {
              unref(setTimeout(() => read(tries + 1), 100 * 4 ** tries))
            }
          })
        }
        read(0)
      },
      other: (data) => {
        for (const hook of hooks) hook.message?.(data)
      },
    })
    return channel
  }

  /** Why this client cannot do `what`: disposed, or on a server with nothing to restore from. */
  const refusal = (what: string) =>
    refusalOf(what, runtime.state.disposed, serverRender ? persist : undefined)

  function start(): void {
    // Listen to the other tabs from the start: a sign-out there cancels the restore too, and a
    // token kept there signs this tab in (an app that never subscribes included).
    if (store) crossTab()
    if (kept === null) return
    if (!(kept instanceof Promise)) {
      dispatch({ type: 'stored', token: kept.token, kid: kept.kid, error: undefined })
      return
    }
    // A storage that never answers must not leave the page `restoring` for ever.
    const ms = config.timeoutMs
    readDeadline = unref(
      setTimeout(() => {
        const error = new PixwelError('timeout', `The storage did not answer within ${ms} ms.`)
        dispatch({ type: 'stored', token: null, kid: '', error })
      }, ms),
    )
    void kept.then((value) => {
      clearTimeout(readDeadline)
      dispatch({
        type: 'stored',
        token: value?.token ?? null,
        kid: value?.kid ?? '',
        error: undefined,
      })
    })
  }

  function whenRestored(): Promise<PixwelSessionSnapshot> {
    const refused = refusal('whenRestored()')
    if (refused && !runtime.state.disposed) return Promise.reject(refused)
    // Asked before any provider started it (a render suspended on it): it starts now.
    if (dormant.has(client)) {
      startClient(client)
      woken?.()
    }
    return runtime.whenRestored()
  }

  const { createSession, refreshSession, waitForTwoFactor } = createSessionCommands({
    runtime,
    flights,
    challenge,
    store,
    refusal,
    crossTab,
    whenRestored,
  })

  const client: PixwelClient = {
    http,
    baseURL,
    createSession,
    refreshSession,
    waitForTwoFactor,
    whenRestored,
    signOut() {
      if (!runtime.state.disposed) {
        dispatch({ type: 'sign-out', reason: 'sign-out', crossTab: false, at: tick(), kid: null })
      }
    },
    isSignedIn: () => runtime.state.auth !== null,
    getSession: () => runtime.state.snapshot,
    getTimeline: () => {
      for (const hook of hooks) if (hook.timeline) return hook.timeline()
      return []
    },
    // In a browser hydrating a server render, `restoring` for a client with `persist` (the
    // server could not read the storage); elsewhere the snapshot.
    getServerSession: () =>
      persist !== undefined && inBrowser ? restoring : runtime.state.snapshot,
    subscribe(listener) {
      if (typeof listener !== 'function') {
        throw new PixwelError('configuration', 'subscribe takes a listener function.')
      }
      runtime.listeners.add(listener)
      crossTab()
      return () => {
        runtime.listeners.delete(listener)
      }
    },
    dispose() {
      if (!runtime.state.disposed) dispatch({ type: 'dispose' })
      dormant.delete(client)
      disposed.add(client)
    },
  }
  for (const made of config.extensions) {
    if (!made) continue
    hooks.push(
      made.start({
        page,
        getSession: () => runtime.state.snapshot,
        send: (message) => crossTab()?.send(message),
        signOut: (reason) => {
          if (runtime.state.auth === null || runtime.state.disposed) return
          dispatch({ type: 'sign-out', reason, crossTab: false, at: tick(), kid: null })
        },
        emit: (event) => runtime.emit(event),
      }),
    )
    crossTab()
  }
  if (woken) dormant.set(client, start)
  else start()
  return client
}
