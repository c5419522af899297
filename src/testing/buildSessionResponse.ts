import type { SessionResponse } from '../schemas/sessionContract.js'

/**
 * A synthetic bcrypt-shaped hash: the shape of what the API sends, matching no password.
 *
 * @example
 * ```ts
 * buildSessionResponse().password === syntheticPasswordHash // true
 * ```
 */
export const syntheticPasswordHash = '$2a$10$SYNTHETICFIXTUREHASHxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'

/**
 * A `POST /session` body whose defaults are the OpenAPI example's values (with a synthetic
 * password hash), and whose top-level fields `overrides` replaces. Each call returns fresh
 * objects, so a test may change what it gets.
 *
 * @example
 * ```ts
 * buildSessionResponse({ name: 'Grace Hopper', hasEnforced2fa: true })
 * ```
 */
export function buildSessionResponse(overrides: Partial<SessionResponse> = {}): SessionResponse {
  return {
    _id: '58c6e38e4b161cef068b4576',
    emailNormal: 'jeff@pixwel.com',
    invite: 'https://platform.pixwel.com/register/:code',
    name: 'Jeff Loiselle',
    password: syntheticPasswordHash,
    preferences: {
      blacklist: { projects: [] },
      mail: {
        enabled: true,
        projects: -1,
        assets: -1,
        files: -1,
        work_requests: -1,
        shares: 0,
        ingest: -1,
        offline_comments: -1,
        others: 3600,
        work_request_comments: -1,
        workflow: -1,
      },
      ingest: { skipScratchPreview: true, maxUploads: 8 },
      contactLists: [
        {
          name: 'friends',
          recipients: { groups: [], users: ['537b4984d86a1547348b4576'] },
        },
      ],
      reports: {
        workRequests: {
          dashboard: [{ i: 'timeline', x: 0, y: 0, w: 12, h: 2 }],
          hiddenCharts: ['map'],
        },
      },
      agent: { instructions: '' },
    },
    queue: [],
    status: { invited: true, approved: true, registered: true, confirmed: true },
    territory: {
      _id: '51e149cdd5cddce641000048',
      name: 'United States',
      code: 'US',
      standard: 'NTSC',
      countries: [{ name: 'United States', code: 'US' }],
      languages: [{ name: 'English', code: 'ENG', dcpCode: 'EN' }],
      assignedLanguages: ['586e6e83773dd6a60b56b3c0'],
    },
    username: 'jeff@pixwel.com',
    orderQueue: [],
    shareQueue: [],
    id: '58c6e38e4b161cef068b4576',
    flags: [],
    twofactorVerified: false,
    permissions: [],
    groups: [
      {
        _id: '5328d77467d621906d8b4574',
        addresses: [
          {
            name: 'Home',
            address: '115 S Fulton St',
            city: 'Mobile',
            state: 'AL',
            postalCode: '36606',
            country: 'USA',
          },
        ],
        name: 'PIXWEL',
        studios: [],
        type: 'a',
        users: ['53309f8367d621e6708b4568'],
      },
    ],
    roles: ['a'],
    studios: [],
    $links: { self: '//api-staging.pixwel.com/api/Users/58c6e38e4b161cef068b4576' },
    hasEnforced2fa: false,
    ...overrides,
  }
}
