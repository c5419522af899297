import type { Route } from 'playwright-core'

/**
 * A Playwright route handler that answers `POST /session` as Pixwel does for a revoked token:
 * a 401 (with CORS, so that the page reads it as Pixwel's answer, not as a network failure).
 * The preflight goes on to the real server. The page then shows "could not be restored";
 * a network failure instead shows `unreachable` (the token is kept, the client tries again).
 */
export function answerRevoked(route: Route): Promise<void> {
  if (route.request().method() === 'OPTIONS') return route.continue()
  return route.fulfill({
    status: 401,
    headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
    body: JSON.stringify({ error: 'Unauthorized' }),
  })
}
