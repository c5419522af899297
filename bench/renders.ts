import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { verdict, type Row } from './report.js'

interface RenderCounts {
  useCreateSession: number
  useCreateSessionStatuses: string[]
  bareUseMutation: number
  bareUseMutationStatuses: string[]
  useSessionPerChange: number
  useSessionSignIn: number
  useSessionSignOut: number
  useSessionUnrelated: number
  usePreferencesPerChange: number
  usePreferencesUnrelated: number
}

/** Runs bench/renders.test.tsx (jsdom) and reads the counts it wrote. */
export function renderRows(): Row[] {
  execFileSync('npx', ['vitest', 'run', '--config', 'bench/vitest.config.ts'], { stdio: 'pipe' })
  const counts = JSON.parse(readFileSync('artifacts/bench/renders.json', 'utf8')) as RenderCounts
  return [
    {
      metric: 'renders: commits of a useCreateSession component, one successful sign-in',
      ours: `${counts.useCreateSession} (${counts.useCreateSessionStatuses.join(', ')})`,
      base: `bare useMutation ${counts.bareUseMutation} (${counts.bareUseMutationStatuses.join(', ')})`,
      ratio: '—',
      target: 'equal (3)',
      result: verdict(
        counts.useCreateSession === counts.bareUseMutation && counts.bareUseMutation === 3,
      ),
    },
    {
      metric: 'renders: useSession-only component, per session change',
      ours: `${counts.useSessionPerChange} (sign-in ${counts.useSessionSignIn}, sign-out ${counts.useSessionSignOut})`,
      base: '—',
      ratio: '—',
      target: '1',
      result: verdict(counts.useSessionSignIn === 1 && counts.useSessionSignOut === 1),
    },
    {
      metric: 'renders: useSession-only component, on unrelated cache updates',
      ours: String(counts.useSessionUnrelated),
      base: '—',
      ratio: '—',
      target: '0',
      result: verdict(counts.useSessionUnrelated === 0),
    },
    {
      metric: '↳ usePreferences-only component: per session change / unrelated',
      ours: `${counts.usePreferencesPerChange} / ${counts.usePreferencesUnrelated}`,
      base: '—',
      ratio: '—',
      target: '1 / 0',
      result: 'info',
    },
  ]
}
