/**
 * The origin of the response a request really ended on, after any redirects the adapter
 * followed: `XMLHttpRequest.responseURL` in browsers, the last hop's URL that follow-redirects
 * records in Node's adapter. A redirect chain that left the API's origin on the way counts as
 * foreign even if it came back: the request that came back no longer carried the credentials.
 * `undefined` when the adapter does not say (no redirect was followed, a custom adapter): the
 * caller then uses the origin the request was sent to. Only the adapters' own properties are
 * read: a polluted `Object.prototype.responseURL` is no answer.
 */
export function responseOrigin(request: unknown, apiOrigin: string): string | undefined {
  if (typeof request !== 'object' || request === null) return undefined
  try {
    if (typeof XMLHttpRequest !== 'undefined' && request instanceof XMLHttpRequest) {
      return request.responseURL === '' ? undefined : new URL(request.responseURL).origin
    }
    const response = ownValue(request, 'res')
    const final = ownValue(response, 'responseUrl')
    if (typeof final !== 'string') return undefined
    const hops = ownValue(response, 'redirects')
    if (Array.isArray(hops)) {
      for (const hop of hops as unknown[]) {
        const url = ownValue(hop, 'url')
        if (typeof url !== 'string' || new URL(url).origin !== apiOrigin) return 'null'
      }
    }
    return new URL(final).origin
  } catch {
    // An unreadable URL cannot be the API's origin.
    return 'null'
  }
}

function ownValue(object: unknown, key: string): unknown {
  if (typeof object !== 'object' || object === null || !Object.hasOwn(object, key)) return undefined
  return (object as Record<string, unknown>)[key]
}
