import { renderToString } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  useCreateSession,
  usePreferences,
  useSession,
  useSignOut,
} from '../../src/index'

function Status() {
  const { status } = useSession()
  const preferences = usePreferences()
  const signIn = useCreateSession()
  useSignOut()
  return (
    <p>
      {status}:{preferences ? 'prefs' : 'null'}:{signIn.status}
    </p>
  )
}

describe('PixwelProvider on the server', () => {
  it('renders with renderToString and touches no browser global', () => {
    expect(typeof window).toBe('undefined')
    const touched: string[] = []
    const globals = ['BroadcastChannel', 'localStorage', 'sessionStorage', 'document', 'location']
    for (const name of globals) {
      vi.stubGlobal(name, undefined)
      Object.defineProperty(globalThis, name, {
        configurable: true,
        get() {
          touched.push(name)
          return undefined
        },
      })
    }
    try {
      const html = renderToString(
        <PixwelProvider client={createPixwelClient()}>
          <Status />
        </PixwelProvider>,
      )
      expect(html).toBe('<p>signed-out<!-- -->:<!-- -->null<!-- -->:<!-- -->idle</p>')
    } finally {
      vi.unstubAllGlobals()
      for (const name of globals) Reflect.deleteProperty(globalThis, name)
    }
    expect(touched).toEqual([])
  })
})
