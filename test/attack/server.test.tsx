/**
 * Attack on issue 19, "Nothing hangs on the server": Node, no `window`.
 */
import { PassThrough } from 'node:stream'
import { Suspense } from 'react'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import {
  createPixwelClient,
  isPixwelError,
  PixwelProvider,
  useSession,
  useSuspenseSession,
} from '../../src/index'
import { base } from './support'

function Header() {
  const state = useSuspenseSession()
  return <p>{state.status}</p>
}

function stream(element: React.ReactNode, ms = 2000) {
  return new Promise<{ html: string; errors: unknown[]; finished: boolean }>((resolve) => {
    const errors: unknown[] = []
    let html = ''
    const sink = new PassThrough()
    sink.on('data', (chunk: Buffer) => (html += chunk.toString()))
    const timer = setTimeout(() => resolve({ html, errors, finished: false }), ms)
    sink.on('end', () => {
      clearTimeout(timer)
      resolve({ html, errors, finished: true })
    })
    const { pipe } = renderToPipeableStream(element, {
      onShellReady: () => pipe(sink),
      onShellError: (error) => {
        errors.push(error)
        clearTimeout(timer)
        resolve({ html, errors, finished: true })
      },
      onError: (error) => void errors.push(error),
    })
  })
}

describe('server', () => {
  it('held: renderToPipeableStream of useSuspenseSession (options, persist local) finishes with the fallback', async () => {
    const result = await stream(
      <PixwelProvider options={{ baseURL: base, persist: 'local' }}>
        <Suspense fallback={<p>loading</p>}>
          <Header />
        </Suspense>
      </PixwelProvider>,
    )
    expect(result.finished).toBe(true)
    expect(result.html).toContain('loading')
    expect(
      result.errors.every((error) => isPixwelError(error) && error.kind === 'configuration'),
    ).toBe(true)
  })

  it('held: the same with a client prop made on the server; renderToString keeps working', async () => {
    const client = createPixwelClient({ baseURL: base, persist: 'local' })
    const result = await stream(
      <PixwelProvider client={client}>
        <Suspense fallback={<p>loading</p>}>
          <Header />
        </Suspense>
      </PixwelProvider>,
    )
    expect(result.finished).toBe(true)
    function Status() {
      return <p>{useSession().status}</p>
    }
    expect(
      renderToString(
        <PixwelProvider client={client}>
          <Status />
        </PixwelProvider>,
      ),
    ).toContain('restoring')
  })

  it('held: refreshSession(), waitForTwoFactor() and whenRestored() on a server client settle with configuration', async () => {
    const client = createPixwelClient({ baseURL: base, persist: 'local' })
    const settle = (promise: Promise<unknown>) =>
      Promise.race([
        promise.then(
          () => 'resolved',
          (error: unknown) => (isPixwelError(error) ? error.kind : 'other'),
        ),
        new Promise((resolve) => setTimeout(() => resolve('hung'), 500)),
      ])
    expect(await settle(client.refreshSession())).toBe('configuration')
    expect(await settle(client.waitForTwoFactor())).toBe('configuration')
    expect(await settle(client.whenRestored())).toBe('configuration')
  })
})
