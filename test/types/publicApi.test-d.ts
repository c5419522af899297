import { describe, expectTypeOf, it } from 'vitest'
import {
  createPixwelClient,
  isPixwelError,
  PixwelError,
  type PixwelSignedOutReason,
  type PixwelSignedOutMessages,
  pixwelSignedOutMessage,
  useRefreshSession,
  pixwelErrorKinds,
  parseSession,
  sessionQueries,
  useCreateSession,
  usePreferences,
  useSession,
  useSuspenseSession,
  useWaitForTwoFactor,
  type Credentials,
  type PixwelErrorKind,
  type PixwelIssue,
  type Preferences,
  type ContractDriftKind,
  type ContractDriftReport,
  type Session,
  type SessionField,
  type PixwelClient,
  type PixwelSessionSnapshot,
  type PixwelSessionStatus,
  type SessionResponse,
  type SessionState,
  pixwelTimeline,
  pixwelIdle,
  useIdleWarning,
  type IdleWarning,
  type PixwelClientEvent,
  type PixwelExtension,
  type PixwelIdleOptions,
  type PixwelTimelineEntry,
  type PixwelTimelineOptions,
} from '../../src/index'
import { pixwelIdle as corePixwelIdle } from '../../src/core'
import {
  createPixwelTabs,
  createSignedInClient,
  type PixwelTab,
  type PixwelTabRequest,
  type PixwelTabs,
  type PixwelTabsOptions,
} from '../../src/testing/index'

const client = createPixwelClient()
const credentials: Credentials = { username: 'a', password: 'b' }

describe('createSession types', () => {
  it('returns the whole Session without fields', () => {
    expectTypeOf(client.createSession(credentials)).resolves.toEqualTypeOf<Session>()
  })

  it('narrows the result to the requested fields plus id and twoFactor', async () => {
    const session = await client.createSession(credentials, { fields: ['name', 'territory'] })
    expectTypeOf(session).toHaveProperty('name')
    expectTypeOf(session).toHaveProperty('territory')
    expectTypeOf(session.id).toEqualTypeOf<string>()
    expectTypeOf(session.twoFactor.required).toEqualTypeOf<boolean>()
    expectTypeOf(session).not.toHaveProperty('groups')
    expectTypeOf(session).not.toHaveProperty('preferences')
    expectTypeOf(session.name).toEqualTypeOf<string | undefined>()
  })

  it('maps wire names to domain keys', async () => {
    const session = await client.createSession({ token: 'pat_x' }, { fields: ['$links', '_id'] })
    expectTypeOf(session).toHaveProperty('links')
    expectTypeOf(session).not.toHaveProperty('$links')
    expectTypeOf(session).not.toHaveProperty('_id')
  })

  it('does not let anyone ask for the password hash', () => {
    expectTypeOf<'password'>().not.toExtend<SessionField>()
    // @ts-expect-error -- not a field
    void client.createSession(credentials, { fields: ['password'] })
  })

  it('narrows parseSession the same way', () => {
    expectTypeOf(parseSession({})).toEqualTypeOf<Session>()
    expectTypeOf(parseSession({}, { fields: ['roles'] })).toHaveProperty('roles')
    expectTypeOf(parseSession({}, { fields: ['roles'] })).not.toHaveProperty('name')
  })

  it('keeps the hash in the wire type only', () => {
    expectTypeOf<SessionResponse>().toHaveProperty('password')
    expectTypeOf<Session>().not.toHaveProperty('password')
  })
})

describe('hook types', () => {
  it('types data and error of useCreateSession', () => {
    const signIn = useCreateSession()
    expectTypeOf(signIn.data).toEqualTypeOf<Session | undefined>()
    expectTypeOf(signIn.error).toEqualTypeOf<PixwelError | null>()
    expectTypeOf(signIn.mutate)
      .parameter(0)
      .toEqualTypeOf<Credentials | import('../../src/index').SealedCredentials>()
    if (signIn.isError) expectTypeOf(signIn.error.kind).toEqualTypeOf<PixwelErrorKind>()
    if (signIn.isSuccess) expectTypeOf(signIn.data).toEqualTypeOf<Session>()
  })

  it('types useSession, usePreferences and the query factory', () => {
    expectTypeOf(useSession().session).toEqualTypeOf<Session | null>()
    expectTypeOf(useSession()).toEqualTypeOf<SessionState>()
    expectTypeOf(useSession().status).toEqualTypeOf<
      'signed-out' | 'restoring' | 'unreachable' | 'signed-in' | 'two-factor-required'
    >()
    expectTypeOf(usePreferences()).toEqualTypeOf<Preferences | null>()
    expectTypeOf(sessionQueries.current().queryKey).toExtend<readonly unknown[]>()
  })

  it('offers useCreateSession only the options it honours', () => {
    useCreateSession({ onSuccess: () => undefined, gcTime: 0, meta: { form: 'sign-in' } })
    // @ts-expect-error -- a sign-in is never retried
    useCreateSession({ retry: 3 })
    // @ts-expect-error -- nor delayed between retries
    useCreateSession({ retryDelay: 1_000 })
    // @ts-expect-error -- offline, a sign-in fails at once as `network`
    useCreateSession({ networkMode: 'online' })
    // @ts-expect-error -- the library's own key
    useCreateSession({ mutationKey: ['mine'] })
    // @ts-expect-error -- the library's own function
    useCreateSession({ mutationFn: () => Promise.reject(new Error('x')) })
    // @ts-expect-error -- the provider's client is used, not a signal of the hook
    useWaitForTwoFactor({ signal: new AbortController().signal })
  })

  it('rejects half credentials', () => {
    const signIn = useCreateSession()
    // @ts-expect-error -- a password without a username
    signIn.mutate({ password: 'x' })
  })
})

describe('session snapshot types', () => {
  it('narrows session by status in useSession() and client.getSession()', () => {
    for (const state of [useSession(), client.getSession()]) {
      if (state.status === 'signed-out') expectTypeOf(state.session).toEqualTypeOf<null>()
      if (state.status === 'restoring') expectTypeOf(state.session).toEqualTypeOf<null>()
      if (state.status === 'signed-out') {
        expectTypeOf(state.reason).toEqualTypeOf<PixwelSignedOutReason | undefined>()
        // @ts-expect-error -- `error` is there only once `reason` says why
        expectTypeOf(state.error).toEqualTypeOf<PixwelError | undefined>()
        if (state.reason === 'unauthorized' || state.reason === 'two-factor-expired') {
          expectTypeOf(state.error).toEqualTypeOf<PixwelError>()
          expectTypeOf(state.crossTab).toEqualTypeOf<boolean>()
        }
        if (state.reason === 'not-restored') {
          expectTypeOf(state.error).toEqualTypeOf<PixwelError | undefined>()
        }
        // @ts-expect-error -- a sign-out carries no error
        if (state.reason === 'sign-out') expectTypeOf(state.error).toEqualTypeOf<PixwelError>()
      }
      if (state.status === 'signed-in') expectTypeOf(state.session).toEqualTypeOf<Session>()
      if (state.status === 'two-factor-required') {
        expectTypeOf(state.session).toEqualTypeOf<Session>()
        expectTypeOf(state.expiresAt).toEqualTypeOf<number>()
      }
      // @ts-expect-error -- only a two-factor sign-in has a deadline
      expectTypeOf(state.expiresAt).toEqualTypeOf<number>()
      if (state.status === 'unreachable') {
        expectTypeOf(state.session).toEqualTypeOf<null>()
        expectTypeOf(state.error).toEqualTypeOf<PixwelError>()
      }
      if (
        state.status !== 'signed-out' &&
        state.status !== 'restoring' &&
        state.status !== 'unreachable'
      ) {
        expectTypeOf(state.session.id).toEqualTypeOf<string>()
      }
      // @ts-expect-error -- `session` may be null until the status is checked
      expectTypeOf(state.session.id).toBeString()
    }
    expectTypeOf<SessionState>().toEqualTypeOf<PixwelSessionSnapshot>()
    expectTypeOf<PixwelSessionStatus>().toEqualTypeOf<
      'signed-out' | 'restoring' | 'unreachable' | 'signed-in' | 'two-factor-required'
    >()
  })

  it('carries the snapshot on every event, narrowed by type', () => {
    client.subscribe((event) => {
      expectTypeOf(event.type).toEqualTypeOf<
        'signed-in' | 'updated' | 'signed-out' | 'unreachable' | 'contract-drift' | 'idle-warning'
      >()
      if (event.type === 'contract-drift') {
        expectTypeOf(event.report).toEqualTypeOf<ContractDriftReport>()
        expectTypeOf(event.report.drift[0]!.kind).toEqualTypeOf<ContractDriftKind>()
        expectTypeOf(event.snapshot).toEqualTypeOf<PixwelSessionSnapshot>()
      } else if (event.type === 'signed-out') {
        expectTypeOf(event.reason).toEqualTypeOf<
          'sign-out' | 'unauthorized' | 'not-restored' | 'two-factor-expired' | 'idle'
        >()
        expectTypeOf(event.crossTab).toEqualTypeOf<boolean>()
        expectTypeOf(event.error).toEqualTypeOf<PixwelError | undefined>()
        expectTypeOf(event.snapshot.session).toEqualTypeOf<null>()
      } else if (event.type === 'unreachable') {
        expectTypeOf(event.error).toEqualTypeOf<PixwelError>()
        expectTypeOf(event.snapshot.session).toEqualTypeOf<null>()
      } else if (event.type === 'idle-warning') {
        expectTypeOf(event.signOutAt).toEqualTypeOf<number | null>()
        expectTypeOf(event.msLeft).toEqualTypeOf<number | null>()
      } else {
        expectTypeOf(event.snapshot.session).toEqualTypeOf<Session>()
      }
    })
  })

  it('lets getSession and subscribe be passed unbound (useSyncExternalStore)', () => {
    const { getSession, subscribe } = client
    expectTypeOf(getSession).toEqualTypeOf<() => PixwelSessionSnapshot>()
    expectTypeOf(subscribe).returns.toEqualTypeOf<() => void>()
  })

  it('types continuity: persist, refresh, two-factor, suspense', () => {
    createPixwelClient({ persist: 'local' })
    createPixwelClient({ persist: 'session', refreshOnFocus: true, refreshIntervalMs: 60_000 })
    createPixwelClient({
      persist: {
        getItem: () => Promise.resolve(null),
        setItem: () => Promise.resolve(),
        removeItem: () => Promise.resolve(),
      },
    })
    // @ts-expect-error -- not a storage
    createPixwelClient({ persist: 'cookie' })
    expectTypeOf(client.refreshSession()).resolves.toEqualTypeOf<Session>()
    expectTypeOf(client.waitForTwoFactor({ intervalMs: 1_000 })).resolves.toEqualTypeOf<Session>()
    expectTypeOf(client.whenRestored()).resolves.toEqualTypeOf<PixwelSessionSnapshot>()
    const settled = useSuspenseSession()
    expectTypeOf(settled.status).toEqualTypeOf<
      'signed-out' | 'unreachable' | 'signed-in' | 'two-factor-required'
    >()
    expectTypeOf(useWaitForTwoFactor().error).toEqualTypeOf<PixwelError | null>()
    const token: Credentials = { token: 'pat_x', persist: false }
    expectTypeOf(token).toExtend<Credentials>()
  })

  it('types the test kit helper', () => {
    expectTypeOf(createSignedInClient).returns.resolves.toEqualTypeOf<PixwelClient>()
  })

  it('types the tabs of the test kit', () => {
    expectTypeOf(createPixwelTabs).parameter(0).toEqualTypeOf<PixwelTabsOptions | undefined>()
    const kit = createPixwelTabs({ count: 2, clientOptions: { refreshIntervalMs: 60_000 } })
    expectTypeOf(kit).toEqualTypeOf<PixwelTabs>()
    expectTypeOf(kit.tabs).toEqualTypeOf<readonly PixwelTab[]>()
    expectTypeOf(kit.open()).toEqualTypeOf<PixwelTab>()
    expectTypeOf(kit.open().client).toEqualTypeOf<PixwelClient>()
    expectTypeOf(kit.requests()).toEqualTypeOf<readonly PixwelTabRequest[]>()
    expectTypeOf<PixwelTabRequest['offline']>().toEqualTypeOf<boolean>()
    // The kit gives each tab its page and the shared storage: neither is a client option here.
    // @ts-expect-error -- page is the kit's
    createPixwelTabs({ clientOptions: { page: undefined } })
    // @ts-expect-error -- persist is the kit's (persist: boolean, storage)
    createPixwelTabs({ clientOptions: { persist: 'local' } })
  })
})

describe('PixwelError types', () => {
  it('has a closed kind union', () => {
    expectTypeOf<PixwelErrorKind>().toEqualTypeOf<
      | 'invalid-credentials'
      | 'unauthorized'
      | 'forbidden'
      | 'bad-request'
      | 'rate-limited'
      | 'server'
      | 'invalid-response'
      | 'network'
      | 'timeout'
      | 'aborted'
      | 'configuration'
    >()
    expectTypeOf<PixwelErrorKind>().toEqualTypeOf<(typeof pixwelErrorKinds)[number]>()
    expectTypeOf<PixwelError>().toExtend<Error>()
  })

  it('narrows by kind to the details that kind carries', () => {
    const error = new PixwelError('network', 'x') as PixwelError
    if (error.kind === 'rate-limited') {
      expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | undefined>()
      expectTypeOf(error.status).toEqualTypeOf<number | undefined>()
      expectTypeOf(error).not.toHaveProperty('issues')
    }
    if (error.kind === 'invalid-response') {
      expectTypeOf(error.issues).toEqualTypeOf<readonly PixwelIssue[] | undefined>()
      expectTypeOf(error.status).toEqualTypeOf<number | undefined>()
      expectTypeOf(error).not.toHaveProperty('retryAfterMs')
    }
    for (const kind of [
      'invalid-credentials',
      'unauthorized',
      'forbidden',
      'bad-request',
      'server',
    ] as const) {
      if (error.kind === kind) {
        expectTypeOf(error.status).toEqualTypeOf<number | undefined>()
        expectTypeOf(error).not.toHaveProperty('retryAfterMs')
        expectTypeOf(error).not.toHaveProperty('issues')
      }
    }
    if (
      error.kind === 'network' ||
      error.kind === 'timeout' ||
      error.kind === 'aborted' ||
      error.kind === 'configuration'
    ) {
      expectTypeOf(error).not.toHaveProperty('status')
      expectTypeOf(error).not.toHaveProperty('retryAfterMs')
      expectTypeOf(error).not.toHaveProperty('issues')
      // @ts-expect-error -- a network error has no Retry-After
      expectTypeOf(error.retryAfterMs).toBeUnknown()
    }
    // @ts-expect-error -- not before the kind is checked
    expectTypeOf(error.retryAfterMs).toBeUnknown()
  })

  it('narrows through instanceof and isPixwelError to the union', () => {
    const caught: unknown = new PixwelError('timeout', 'x')
    if (caught instanceof PixwelError) {
      expectTypeOf(caught).toEqualTypeOf<PixwelError>()
      if (caught.kind === 'rate-limited') {
        expectTypeOf(caught.retryAfterMs).toEqualTypeOf<number | undefined>()
      }
    }
    if (isPixwelError(caught)) {
      expectTypeOf(caught).toEqualTypeOf<PixwelError>()
      if (caught.kind === 'invalid-response') {
        expectTypeOf(caught.issues).toEqualTypeOf<readonly PixwelIssue[] | undefined>()
      }
    }
  })

  it('types the constructor by kind', () => {
    const limited = new PixwelError('rate-limited', 'x', { status: 429, retryAfterMs: 1_000 })
    expectTypeOf(limited).toEqualTypeOf<PixwelError<'rate-limited'>>()
    expectTypeOf(limited.kind).toEqualTypeOf<'rate-limited'>()
    expectTypeOf(limited.retryAfterMs).toEqualTypeOf<number | undefined>()
    expectTypeOf(new PixwelError('invalid-response', 'x', { issues: [] }).issues).toEqualTypeOf<
      readonly PixwelIssue[] | undefined
    >()
    expectTypeOf(
      new PixwelError('timeout', 'x', { cause: 'y' }).toJSON().kind,
    ).toEqualTypeOf<'timeout'>()
    // @ts-expect-error -- only rate-limited carries retryAfterMs
    expectTypeOf(new PixwelError('network', 'x', { retryAfterMs: 1_000 })).toBeObject()
    // @ts-expect-error -- only invalid-response carries issues
    expectTypeOf(new PixwelError('server', 'x', { status: 500, issues: [] })).toBeObject()
    // @ts-expect-error -- a timeout is not an HTTP answer
    expectTypeOf(new PixwelError('timeout', 'x', { status: 504 })).toBeObject()
    // @ts-expect-error -- not a kind
    expectTypeOf(new PixwelError('teapot', 'x')).toBeObject()
  })
})

describe('the lifecycle’s public types', () => {
  it('useRefreshSession is a mutation with no variables, failing with PixwelError', () => {
    const refresh = useRefreshSession()
    expectTypeOf(refresh.mutate).toBeCallableWith()
    expectTypeOf(refresh.data).toEqualTypeOf<Session | undefined>()
    expectTypeOf(refresh.error).toEqualTypeOf<PixwelError | null>()
  })

  it('useWaitForTwoFactor says when the link expires', () => {
    expectTypeOf(useWaitForTwoFactor().expiresAt).toEqualTypeOf<number | null>()
  })

  it('pixwelSignedOutMessage takes any snapshot; its messages cover every reason', () => {
    expectTypeOf(pixwelSignedOutMessage(client.getSession())).toEqualTypeOf<string | null>()
    expectTypeOf<keyof PixwelSignedOutMessages>().toEqualTypeOf<
      PixwelSignedOutReason | 'sign-out-elsewhere'
    >()
    // @ts-expect-error -- every reason needs a message
    expectTypeOf({ 'sign-out': 'Bye.' }).toExtend<PixwelSignedOutMessages>()
  })

  it('createPixwelClient takes twoFactorLifetimeMs', () => {
    expectTypeOf(createPixwelClient).toBeCallableWith({ twoFactorLifetimeMs: 60_000 })
  })
})

describe('the timeline’s public types', () => {
  it('pixwelTimeline makes a timeline option; getTimeline gives its readonly entries', () => {
    expectTypeOf(pixwelTimeline).toBeCallableWith()
    expectTypeOf(pixwelTimeline).toBeCallableWith({ size: 50 })
    expectTypeOf(pixwelTimeline).parameter(0).toEqualTypeOf<PixwelTimelineOptions | undefined>()
    expectTypeOf(pixwelTimeline()).toEqualTypeOf<PixwelExtension>()
    expectTypeOf(createPixwelClient).toBeCallableWith({ timeline: pixwelTimeline() })
    const entries = createPixwelClient().getTimeline()
    expectTypeOf(entries).toEqualTypeOf<readonly PixwelTimelineEntry[]>()
    expectTypeOf(entries[0]!.kind).toEqualTypeOf<
      'request' | 'skip' | 'storage' | 'message' | 'state'
    >()
    expectTypeOf(entries[0]!.at).toEqualTypeOf<number>()
    // @ts-expect-error -- a size is a number
    pixwelTimeline({ size: '100' })
  })
})

describe('idle sign-out types', () => {
  it('pixwelIdle takes timeoutMs and an optional warningMs, and makes an extension', () => {
    expectTypeOf(pixwelIdle).parameter(0).toEqualTypeOf<PixwelIdleOptions>()
    expectTypeOf(pixwelIdle({ timeoutMs: 60_000 })).toEqualTypeOf<PixwelExtension>()
    expectTypeOf(pixwelIdle).toBeCallableWith({ timeoutMs: 60_000, warningMs: 10_000 })
    expectTypeOf(corePixwelIdle).toEqualTypeOf(pixwelIdle)
    // @ts-expect-error -- timeoutMs is required
    pixwelIdle({ warningMs: 10_000 })
    expectTypeOf(createPixwelClient).toBeCallableWith({ idle: pixwelIdle({ timeoutMs: 1 }) })
  })

  it('the client options have no idleTimeoutMs: the idle sign-out is opt-in', () => {
    // @ts-expect-error -- use idle: pixwelIdle({ timeoutMs }) instead
    createPixwelClient({ idleTimeoutMs: 60_000 })
  })

  it('useIdleWarning gives the sign-out time and the time left, or null', () => {
    expectTypeOf(useIdleWarning()).toEqualTypeOf<IdleWarning | null>()
    expectTypeOf<IdleWarning>().toEqualTypeOf<{
      readonly signOutAt: number
      readonly msLeft: number
    }>()
  })

  it('the idle-warning event narrows by type; null when activity put it off', () => {
    const event = {} as PixwelClientEvent
    if (event.type === 'idle-warning') {
      expectTypeOf(event.signOutAt).toEqualTypeOf<number | null>()
      expectTypeOf(event.msLeft).toEqualTypeOf<number | null>()
    }
    if (event.type === 'signed-out') {
      expectTypeOf<'idle'>().toExtend<typeof event.reason>()
    }
  })
})
