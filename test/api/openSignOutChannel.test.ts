/**
 * In Node a BroadcastChannel is process-wide: one server-side client per request must never
 * sign out another request's client. So outside a browser the client opens no channel.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPixwelClient } from '../../src/index'
import { createSignedInClient } from '../../src/testing/index'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('cross-tab outside a browser', () => {
  it('opens no BroadcastChannel at import, creation, sign-in, subscribe or sign-out', async () => {
    expect(typeof window).toBe('undefined')
    const channels = vi.spyOn(globalThis, 'BroadcastChannel')
    const one = await createSignedInClient()
    const other = await createSignedInClient()
    one.subscribe(() => undefined)
    one.signOut()
    createPixwelClient().dispose()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(channels).not.toHaveBeenCalled()
    // …so one request's sign-out leaves another request's client signed in.
    expect(other.isSignedIn()).toBe(true)
  })
})
