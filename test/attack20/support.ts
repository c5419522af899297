import { afterEach, vi } from 'vitest'
import { createPixwelTabs, type PixwelTabs } from '../../src/testing/index'
import { fakePixwel, user, type FakeAnswer } from '../support/fakePixwel'

export const baseURL = 'https://tabs.pixwel.test/api'
export const ada = { token: 'pat_ada_0123456789' }
export const bo = { token: 'pat_bo_0123456789' }
export const key = `pixwel-react:token:${baseURL}`
const kits: PixwelTabs[] = []

afterEach(() => {
  for (const kit of kits.splice(0)) kit.dispose()
  vi.useRealTimers()
  vi.restoreAllMocks()
})

/** Each token is its own user (`pat_ada_…` is ada). */
export function api(answer?: (authorization: string, index: number) => FakeAnswer | undefined) {
  const state = { roles: [] as string[] }
  const fake = fakePixwel(
    (authorization, index) =>
      answer?.(authorization, index) ?? {
        status: 200,
        body: user(authorization.replace(/^Bearer pat_|_0123456789$/g, ''), {
          overrides: { roles: state.roles },
        }),
      },
  )
  return { ...fake, state }
}

export function tabs(options: Parameters<typeof createPixwelTabs>[0]) {
  const kit = createPixwelTabs(options)
  kits.push(kit)
  return kit
}
