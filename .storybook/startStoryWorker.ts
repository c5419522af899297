/// <reference types="vite/client" />
import type { SetupWorker } from 'msw/browser'

/**
 * Starts the MSW worker the stories share. A request that leaves the page's own origin without
 * a story handler is an error, so a story can never reach a real Pixwel (or anything else).
 *
 * @example
 * ```ts
 * loaders: [mswLoader(startStoryWorker)]
 * ```
 */
export async function startStoryWorker(): Promise<SetupWorker> {
  const { setupWorker } = await import('msw/browser')
  const worker = setupWorker()
  await worker.start({
    quiet: true,
    // Relative to the page, so a Storybook published under a sub-path finds its worker too.
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    onUnhandledRequest(request, print) {
      if (new URL(request.url).origin !== location.origin) print.error()
    },
  })
  return worker
}
