import type { SessionResponse } from '../../src/index.js'
import { buildSessionResponse } from '../../src/testing/index.js'

type Preferences = NonNullable<SessionResponse['preferences']>
type Group = NonNullable<SessionResponse['groups']>[number]

const basePreferences = (): Preferences => buildSessionResponse().preferences ?? {}

function person(id: string, name: string, username: string): Partial<SessionResponse> {
  return {
    _id: id,
    id,
    name,
    username,
    emailNormal: username,
    $links: { self: `//api.pixwel.test/api/Users/${id}` },
  }
}

function group(id: string, name: string, type: string, overrides: Partial<Group> = {}): Group {
  return { _id: id, name, type, addresses: [], studios: [], users: [], ...overrides }
}

/**
 * A synthetic user with every field the spec describes filled in: territory, groups with an
 * address, several roles, two-factor enforced and verified, busy preferences.
 *
 * @example
 * ```ts
 * parameters: { pixwel: { session: fullSession() } }
 * ```
 */
export function fullSession(): SessionResponse {
  return buildSessionResponse({
    ...person('6560a1f0c0ffee00000000a1', 'Ada Example', 'ada@example.com'),
    territory: {
      _id: '6560a1f0c0ffee00000000e1',
      name: 'United Kingdom',
      code: 'GB',
      standard: 'PAL',
      countries: [{ name: 'United Kingdom', code: 'GB' }],
      languages: [{ name: 'English', code: 'ENG', dcpCode: 'EN' }],
      assignedLanguages: ['6560a1f0c0ffee00000000d1'],
    },
    groups: [
      group('6560a1f0c0ffee00000000f1', 'Example Studios', 'studio', {
        addresses: [
          {
            name: 'Head office',
            address: '1 Example Street',
            city: 'Exampleton',
            postalCode: 'EX1 1AA',
            country: 'GB',
          },
        ],
        users: ['6560a1f0c0ffee00000000a1', '6560a1f0c0ffee00000000a2'],
      }),
      group('6560a1f0c0ffee00000000f2', 'Trailer Vendors', 'vendor'),
    ],
    roles: ['admin', 'studio', 'vendor'],
    hasEnforced2fa: true,
    twofactorVerified: true,
    preferences: {
      ...basePreferences(),
      mail: {
        enabled: true,
        projects: 0,
        assets: 3600,
        files: 86_400,
        work_requests: 0,
        work_request_comments: 1800,
        shares: 0,
        ingest: 604_800,
        offline_comments: -1,
        workflow: 7200,
        others: -1,
      },
      ingest: { skipScratchPreview: false, maxUploads: 4 },
      contactLists: [
        {
          name: 'Marketing',
          recipients: { groups: ['6560a1f0c0ffee00000000f2'], users: ['6560a1f0c0ffee00000000a2'] },
        },
        { name: 'Localisation', recipients: { groups: [], users: ['6560a1f0c0ffee00000000a3'] } },
      ],
      reports: {
        workRequests: {
          dashboard: [
            { i: 'timeline', x: 0, y: 0, w: 12, h: 2 },
            { i: 'status', x: 0, y: 2, w: 6, h: 2 },
            { i: 'territories', x: 6, y: 2, w: 6, h: 2 },
          ],
          hiddenCharts: ['map', 'languages'],
        },
      },
    },
  })
}

/**
 * A user the way the spec allows at its sparsest: an id and a username, nothing else (every
 * other field of `SessionResponse` is optional).
 *
 * @example
 * ```ts
 * parameters: { pixwel: { session: sparseSession() } }
 * ```
 */
export function sparseSession(): SessionResponse {
  return { _id: '6560a1f0c0ffee00000000b1', username: 'sam@example.com' }
}

/**
 * A user in many groups with many contact lists, to see how the session view wraps.
 *
 * @example
 * ```ts
 * parameters: { pixwel: { session: crowdedSession(12, 8) } }
 * ```
 */
export function crowdedSession(groups: number, contactLists: number): SessionResponse {
  const id = (n: number) => `6560a1f0c0ffee0000000${String(n).padStart(3, '0')}`
  return buildSessionResponse({
    ...person('6560a1f0c0ffee00000000c1', 'Casey Crowded-Example', 'casey@example.com'),
    groups: Array.from({ length: groups }, (_, n) =>
      group(id(100 + n), `Example Group ${n + 1}`, n % 2 === 0 ? 'studio' : 'vendor'),
    ),
    roles: ['admin', 'studio', 'vendor', 'reviewer', 'uploader'],
    preferences: {
      ...basePreferences(),
      contactLists: Array.from({ length: contactLists }, (_, n) => ({
        name: `Distribution list ${n + 1}`,
        recipients: {
          groups: Array.from({ length: n % 3 }, (_, k) => id(100 + k)),
          users: Array.from({ length: n + 1 }, (_, k) => id(200 + k)),
        },
      })),
    },
  })
}
