/**
 * A streaming server render (`renderToPipeableStream`, what the Next.js App Router uses) of
 * `useSuspenseSession()` with a client that keeps its session in the browser: the stream
 * finishes, with the `<Suspense>` fallback where the session goes, and the boundary is left to
 * the browser. Node environment: no `window`, as on a server.
 */
import { Writable } from 'node:stream'
import { Suspense } from 'react'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  PixwelProvider,
  useSuspenseSession,
  type PixwelClient,
} from '../../src/index'

function Header() {
  const state = useSuspenseSession()
  return <p>{state.status === 'signed-in' ? `Hello ${state.session.name}` : 'Please sign in'}</p>
}

function App({ client }: { client: PixwelClient }) {
  return (
    <PixwelProvider client={client}>
      <h1>Pixwel</h1>
      <Suspense fallback={<p>Loading your session…</p>}>
        <Header />
      </Suspense>
    </PixwelProvider>
  )
}

/** Streams `app` to a string; rejects if the stream has not finished within `ms`. */
function stream(app: React.ReactElement, ms = 2_000) {
  const errors: unknown[] = []
  return new Promise<{ html: string; errors: unknown[] }>((resolve, reject) => {
    let html = ''
    const timer = setTimeout(() => reject(new Error('the stream never finished')), ms)
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        html += chunk.toString()
        done()
      },
    })
    sink.on('finish', () => {
      clearTimeout(timer)
      resolve({ html, errors })
    })
    const { pipe } = renderToPipeableStream(app, {
      onShellReady: () => pipe(sink),
      onShellError: reject,
      onError: (error) => {
        errors.push(error)
      },
    })
  })
}

describe('nothing hangs on the server', () => {
  it('renderToPipeableStream of useSuspenseSession finishes, the boundary left to the browser', async () => {
    expect(typeof window).toBe('undefined')
    const client = createPixwelClient({ baseURL: 'https://api.pixwel.test/api', persist: 'local' })
    expect(client.getSession().status).toBe('restoring')
    const { html, errors } = await stream(<App client={client} />)
    expect(html).toContain('Pixwel')
    expect(html).toContain('Loading your session…')
    expect(html).not.toContain('Please sign in')
    // React's way of handing a boundary to the browser: one expected configuration error.
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ kind: 'configuration' })
  })

  it('renderToString keeps working: the fallback, at once', () => {
    const client = createPixwelClient({ baseURL: 'https://api.pixwel.test/api', persist: 'local' })
    const html = renderToString(<App client={client} />)
    expect(html).toContain('Loading your session…')
  })

  it('a client with no persist renders the session itself on the server', async () => {
    const client = createPixwelClient({ baseURL: 'https://api.pixwel.test/api' })
    const { html, errors } = await stream(<App client={client} />)
    expect(html).toContain('Please sign in')
    expect(errors).toEqual([])
  })
})
