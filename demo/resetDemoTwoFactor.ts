import type { PixwelClient } from '../src/index.js'
// Not the test kit's entry, which brings MSW into the page.
import { twoFactorRoutes } from '../src/testing/twoFactorRoutes.js'

const loopback = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

/**
 * Makes the demo's two-factor user repeatable: when the user signs out here (Sign out, or Cancel
 * on the two-factor card), the embedded API forgets its verification links and who opened one
 * (`POST /demo/reset`), so the next password sign-in meets the two-factor card again. Until
 * then an opened link keeps counting, as a verified browser session would: the page's polls
 * and refreshes send the same credentials as a new sign-in, and must stay verified. Only for a
 * loopback API: a real Pixwel has no such route, and is told nothing.
 *
 * @example
 * ```ts
 * const stop = resetDemoTwoFactorOnSignOut(client)
 * ```
 */
export function resetDemoTwoFactorOnSignOut(client: PixwelClient): () => void {
  if (!loopback.test(new URL(client.baseURL).hostname)) return () => undefined
  return client.subscribe((event) => {
    // Another tab's sign-out was told to the API by that tab.
    if (event.type !== 'signed-out' || event.reason !== 'sign-out' || event.crossTab) return
    fetch(`${client.baseURL}${twoFactorRoutes.reset}`, { method: 'POST' }).catch(() => undefined)
  })
}
