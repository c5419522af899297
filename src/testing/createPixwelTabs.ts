import axios, { AxiosError, type AxiosAdapter } from 'axios'
import { PixwelError } from '../errors/PixwelError.js'
import { readOwn } from '../errors/readOwn.js'
import { checkAdapter, type PixwelClientOptions } from '../api/clientOptions.js'
import { createPixwelClient } from '../api/createPixwelClient.js'
import type { PixwelClient } from '../api/PixwelClient.js'
import type { PixwelPage } from '../api/PixwelPage.js'
import { isStorage, type PixwelStorage } from '../api/PixwelStorage.js'
import { createTabPage, type Endpoint, type TabPage } from './createTabPage.js'

/** The options every tab's client gets: the kit gives each its `page`, and `persist`. */
export type PixwelTabsClientOptions = Omit<PixwelClientOptions, 'page' | 'persist'>

/**
 * Options of {@link createPixwelTabs}.
 */
export interface PixwelTabsOptions {
  /** How many tabs to open at once (0 to 50; default 1). `open()` opens more. */
  count?: number
  /** Every tab's client options; `adapter` answers their requests (default: the platform's). */
  clientOptions?: PixwelTabsClientOptions
  /** Whether the tabs keep a token sign-in in the shared storage (`persist`); default `true`. */
  persist?: boolean
  /** The storage the tabs share, as a browser's tabs share `localStorage`; default in memory. */
  storage?: PixwelStorage
}

/** One request a tab's client sent (never its headers or body: no credential). */
export interface PixwelTabRequest {
  /** The {@link PixwelTab.id} of the tab that sent it. */
  readonly tab: number
  /** `'POST'`, `'GET'`… */
  readonly method: string
  /** The URL as the client asked for it (`/session?fields=…`), relative to its `baseURL`. */
  readonly url: string
  /** Sent while the kit was `offline()`: it failed as a network error and reached nothing. */
  readonly offline: boolean
}

/** A tab of {@link createPixwelTabs}: a client and the page it runs in. */
export interface PixwelTab {
  /** Its place among the kit's tabs (0, 1, 2…, in the order they were opened). */
  readonly id: number
  readonly client: PixwelClient
  /** The page its client runs in (the `page` client option), for an extension's tests. */
  readonly page: PixwelPage
  /** The window gains focus (the tab is shown first if it was hidden). */
  focus(): void
  /** The tab comes to the front: `visibilitychange`, then the user's activity. */
  show(): void
  /** Another tab comes to the front, or the window is minimised: `visibilitychange`. */
  hide(): void
  /** A pointer or a key in this tab; none reaches a hidden tab (as in a browser). */
  activity(): void
  isHidden(): boolean
  /** `false` once {@link close}d. */
  isOpen(): boolean
  /** The requests this tab's client sent. */
  requests(): readonly PixwelTabRequest[]
  /**
   * The tab goes away (closed, or frozen for good): it leaves the channel at once, with no
   * goodbye, and its client is disposed. What it had under way is never heard of again.
   */
  close(): void
}

/**
 * What {@link createPixwelTabs} returns: the tabs, what they share, and the network switch.
 */
export interface PixwelTabs {
  /** Every tab opened, in order (a closed one stays, with `isOpen()` false). */
  readonly tabs: readonly PixwelTab[]
  /** The storage the tabs share. */
  readonly storage: PixwelStorage
  /** Opens one more tab; `clientOptions` are added to (and override) the kit's. */
  open(clientOptions?: PixwelTabsClientOptions): PixwelTab
  /** The network goes down: every request fails as a network error until {@link online}. */
  offline(): void
  /** The network comes back: every open tab gets the `online` event (if it was offline). */
  online(): void
  isOnline(): boolean
  /** Every request the tabs sent, in order. */
  requests(): readonly PixwelTabRequest[]
  /** Closes every tab. */
  dispose(): void
}

const maxTabs = 50

/**
 * Several clients as the tabs of one browser: they share one storage (as `localStorage`) and
 * one channel per name (as `BroadcastChannel`), and each has a page of its own (visibility,
 * focus, activity), so that a test can play a focus that reaches every tab, a hidden tab, a
 * tab closed mid-request, or the network dropping, and count the requests sent.
 *
 * The channel delivers a structured clone of each message to every other open tab, never to
 * its sender, in a microtask of its own, in the order sent: a promise's, so it is delivered
 * under `vi.useFakeTimers()` too (whatever it fakes), and `await vi.advanceTimersByTimeAsync(0)`
 * (or any macrotask) lets every message and what it leads to happen. The clients use the
 * global `setTimeout` and `Date`: move the clock with the test runner's fake timers.
 * Requests go to `clientOptions.adapter` (or the platform's adapter, which MSW answers);
 * while `offline()`, they fail as a `network` error without reaching it.
 *
 * @example
 * ```ts
 * vi.useFakeTimers()
 * const kit = createPixwelTabs({ count: 3, clientOptions: { baseURL, refreshOnFocus: true } })
 * const [first, second, third] = kit.tabs
 * await first.client.createSession({ token })
 * await vi.advanceTimersByTimeAsync(0) // the other tabs hear of it, and take the kept token
 * await vi.advanceTimersByTimeAsync(60_000)
 * for (const tab of kit.tabs) tab.focus() // a focus that reaches every tab at once
 * await vi.advanceTimersByTimeAsync(1_000) // the tabs' claims cross; the lowest goes
 * expect(kit.requests()).toHaveLength(2) // the sign-in, and one refresh for the three tabs
 * kit.dispose()
 * ```
 */
export function createPixwelTabs(options: PixwelTabsOptions = {}): PixwelTabs {
  const read = readOwn(
    options,
    ['count', 'clientOptions', 'persist', 'storage'],
    () => new PixwelError('configuration', 'createPixwelTabs takes an options object.'),
  )
  const count = read.count ?? 1
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > maxTabs) {
    throw new PixwelError('configuration', `count must be a whole number from 0 to ${maxTabs}.`)
  }
  if (read.persist !== undefined && typeof read.persist !== 'boolean') {
    throw new PixwelError('configuration', 'persist must be true or false.')
  }
  if (read.storage !== undefined && !isStorage(read.storage)) {
    throw new PixwelError(
      'configuration',
      'storage must have getItem(), setItem() and removeItem() (a PixwelStorage).',
    )
  }
  const persist = read.persist ?? true
  const storage = read.storage ?? memoryStorage()
  const shared = copyClientOptions(read.clientOptions)
  const lines = new Map<string, Set<Endpoint>>()
  const sent: PixwelTabRequest[] = []
  const tabs: PixwelTab[] = []
  const pages: TabPage[] = []
  let online = true

  function open(overrides?: PixwelTabsClientOptions): PixwelTab {
    const id = tabs.length
    const own = { ...shared, ...copyClientOptions(overrides) }
    const adapter = networkAdapter(own.adapter, (config) => {
      const request: PixwelTabRequest = Object.freeze({
        tab: id,
        method: (config.method ?? 'get').toUpperCase(),
        url: config.url ?? '',
        offline: !online,
      })
      sent.push(request)
      return online
    })
    const page = createTabPage(lines)
    const client = createPixwelClient({
      ...own,
      adapter,
      page: page.page,
      persist: persist ? storage : undefined,
    })
    pages.push(page)
    const tab: PixwelTab = {
      id,
      client,
      page: page.page,
      focus() {
        if (!page.open) return
        if (page.hidden) tab.show()
        page.fire('focus')
      },
      show() {
        if (!page.open || !page.hidden) return
        page.hidden = false
        page.fire('visibilitychange')
        page.fire('activity')
      },
      hide() {
        if (!page.open || page.hidden) return
        page.hidden = true
        page.fire('visibilitychange')
      },
      activity() {
        if (page.open && !page.hidden) page.fire('activity')
      },
      isHidden: () => page.hidden,
      isOpen: () => page.open,
      requests: () => sent.filter((request) => request.tab === id),
      close() {
        if (!page.open) return
        page.close()
        client.dispose()
      },
    }
    tabs.push(tab)
    return tab
  }

  for (let i = 0; i < count; i++) open()
  return {
    tabs,
    storage,
    open,
    offline() {
      online = false
    },
    online() {
      if (online) return
      online = true
      for (const page of pages) if (page.open) page.fire('online')
    },
    isOnline: () => online,
    requests: () => [...sent],
    dispose() {
      for (const tab of tabs) tab.close()
    },
  }
}

/**
 * The tab's adapter: asks `sending` (which records the request) whether the network is up;
 * if not, fails as a browser does when offline (axios's `ERR_NETWORK`, no response).
 */
function networkAdapter(
  given: PixwelClientOptions['adapter'],
  sending: (config: Parameters<AxiosAdapter>[0]) => boolean,
): AxiosAdapter {
  let resolved = checkAdapter(given)
  return (config) => {
    if (!sending(config)) {
      return Promise.reject(new AxiosError('Network Error', AxiosError.ERR_NETWORK, config, {}))
    }
    // The platform's (xhr in jsdom, http in Node), looked up when first needed, as axios does.
    resolved ??= axios.getAdapter(axios.defaults.adapter, config)
    return resolved(config)
  }
}

/** A caller's client options, copied once (own properties only): a getter cannot change them. */
function copyClientOptions(value: unknown): PixwelTabsClientOptions {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null) {
    throw new PixwelError('configuration', 'clientOptions must be an object.')
  }
  try {
    return { ...(value as PixwelTabsClientOptions) }
  } catch {
    throw new PixwelError('configuration', 'clientOptions must have readable properties.')
  }
}

/** A storage in memory, shared by the tabs as a browser's tabs share `localStorage`. */
function memoryStorage(): PixwelStorage {
  const items = new Map<string, string>()
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  }
}
