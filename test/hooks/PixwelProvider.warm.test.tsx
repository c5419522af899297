// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPixwelClient, PixwelProvider } from '../../src/index'
import * as parser from '../../src/schemas/parseSession'

vi.mock('../../src/schemas/parseSession', { spy: true })

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('PixwelProvider warms the session parser', () => {
  it('when the browser is idle, not during render', () => {
    const idle: IdleRequestCallback[] = []
    vi.stubGlobal('requestIdleCallback', (callback: IdleRequestCallback) => idle.push(callback))
    vi.stubGlobal('cancelIdleCallback', vi.fn())
    const client = createPixwelClient({ baseURL: 'http://127.0.0.1:9/api' })

    render(<PixwelProvider client={client}>app</PixwelProvider>)
    expect(parser.warmSessionParser).not.toHaveBeenCalled()
    expect(idle).toHaveLength(1)

    idle[0]?.({ didTimeout: false, timeRemaining: () => 50 })
    expect(parser.warmSessionParser).toHaveBeenCalledTimes(1)
  })

  it('after a timeout where there is no requestIdleCallback, and not after unmounting', () => {
    vi.useFakeTimers()
    vi.stubGlobal('requestIdleCallback', undefined)
    vi.mocked(parser.warmSessionParser).mockClear()
    const client = createPixwelClient({ baseURL: 'http://127.0.0.1:9/api' })

    const first = render(<PixwelProvider client={client}>app</PixwelProvider>)
    first.unmount()
    vi.runAllTimers()
    expect(parser.warmSessionParser).not.toHaveBeenCalled()

    render(<PixwelProvider client={client}>app</PixwelProvider>)
    vi.runAllTimers()
    expect(parser.warmSessionParser).toHaveBeenCalledTimes(1)
  })

  it('which leaves no trace in what the parser returns', () => {
    const body = { _id: 'a', name: 'Ada', groups: [{ _id: 'g' }] }
    const before = parser.parseSession(body)
    parser.warmSessionParser()
    expect(parser.parseSession(body)).toEqual(before)
  })
})
