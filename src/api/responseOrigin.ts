/**
 * The origin of the response a request really ended on, after any redirects the adapter
 * followed: `XMLHttpRequest.responseURL` in browsers, the last hop's URL that follow-redirects
 * records in Node's adapter. `undefined` when the adapter does not say (no redirect was
 * followed, a custom adapter): the caller then uses the origin the request was sent to.
 */
export function responseOrigin(request: unknown): string | undefined {
  if (typeof request !== 'object' || request === null) return undefined
  try {
    const xhrURL = (request as { responseURL?: unknown }).responseURL
    if (typeof xhrURL === 'string' && xhrURL !== '') return new URL(xhrURL).origin
    const nodeURL = (request as { res?: { responseUrl?: unknown } | null }).res?.responseUrl
    if (typeof nodeURL === 'string' && nodeURL !== '') return new URL(nodeURL).origin
  } catch {
    // An unreadable URL cannot be the API's origin.
    return 'null'
  }
  return undefined
}
