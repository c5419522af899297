// @vitest-environment jsdom
import { render, renderHook, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { useSession } from '../../src/index'
import {
  createPixwelWrapper,
  createSignedInClient,
  withPixwelClient,
} from '../../src/testing/index'

function Greeting() {
  const state = useSession()
  return <p>{state.status === 'signed-in' ? `Hello ${state.session.name ?? ''}` : state.status}</p>
}

describe('the test kit for apps', () => {
  it('createPixwelWrapper renders a component with a signed-in client', async () => {
    const client = await createSignedInClient({ session: { name: 'Ada Lovelace' } })
    render(<Greeting />, { wrapper: createPixwelWrapper({ client }) })
    expect(screen.getByText('Hello Ada Lovelace')).toBeDefined()
  })

  it('works with renderHook, and two-factor scenarios', async () => {
    const client = await createSignedInClient({ scenario: 'two-factor-required' })
    const { result } = renderHook(() => useSession(), {
      wrapper: createPixwelWrapper({ client }),
    })
    expect(result.current.status).toBe('two-factor-required')
  })

  it('withPixwelClient decorates a story', async () => {
    const client = await createSignedInClient({ session: { name: 'Grace' } })
    render(withPixwelClient(client)(Greeting))
    expect(screen.getByText('Hello Grace')).toBeDefined()
  })
})
