import { PixwelError } from '../errors/PixwelError.js'

/**
 * The Pixwel environments and their API roots.
 *
 * @example
 * ```ts
 * pixwelEnvironments.staging // 'https://api-staging.pixwel.com/api'
 * ```
 */
export const pixwelEnvironments = {
  production: 'https://app.pixwel.com/api',
  staging: 'https://api-staging.pixwel.com/api',
} as const

/**
 * A Pixwel environment by name.
 */
export type PixwelEnvironment = keyof typeof pixwelEnvironments

const loopbackHost = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i

/** A checked API root: the URL requests are made under, and its origin. */
export interface ApiRoot {
  /** Absolute, without a trailing slash: `https://app.pixwel.com/api`. */
  baseURL: string
  origin: string
}

/**
 * Checks and normalises an API root: absolute, `https:` (or `http:` on a loopback host), no
 * user info, no query or fragment. The one place its trailing slashes are trimmed.
 */
export function resolveBaseURL(environment: unknown, baseURL: unknown): ApiRoot {
  if (baseURL === undefined) {
    if (environment === undefined) return apiRoot(new URL(pixwelEnvironments.production))
    if (environment === 'production' || environment === 'staging') {
      return apiRoot(new URL(pixwelEnvironments[environment]))
    }
    throw new PixwelError('configuration', "Unknown environment: use 'production' or 'staging'.")
  }
  if (typeof baseURL !== 'string') {
    throw new PixwelError('configuration', 'baseURL must be a string.')
  }
  let url: URL
  try {
    url = new URL(baseURL)
  } catch {
    throw new PixwelError('configuration', 'baseURL must be an absolute URL.')
  }
  if (url.username || url.password) {
    throw new PixwelError(
      'configuration',
      'baseURL must not contain credentials: pass them to createSession instead.',
    )
  }
  if (url.search || url.hash) {
    throw new PixwelError('configuration', 'baseURL must not have a query or a fragment.')
  }
  const secure = url.protocol === 'https:'
  const loopback = url.protocol === 'http:' && loopbackHost.test(url.hostname)
  if (!secure && !loopback) {
    throw new PixwelError(
      'configuration',
      'baseURL must use https: (plain http: only on localhost, 127.0.0.0/8 or [::1]).',
    )
  }
  return apiRoot(url)
}

/** The origin and the path, without trailing slashes (nor an empty `?` or `#`). */
function apiRoot(url: URL): ApiRoot {
  return { baseURL: url.origin + url.pathname.replace(/\/+$/, ''), origin: url.origin }
}
