// @vitest-environment jsdom
import { dehydrate, QueryClient } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { IncomingHttpHeaders } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { App } from '../../demo/App'
import { createPixwelClient, PixwelProvider } from '../../src/index'
import { startLoopbackServer } from '../support/loopbackServer'
import { readPageState } from '../support/readPageState'
import { recordConsole } from './support/consoleRecorder'
import { startEmbeddedApi } from './support/embeddedApi'
import {
  findSecrets,
  secretsIn,
  sentinelHash,
  sentinelPassword,
  sentinelUser,
} from './support/sentinels'

const xsrfCookie = 'XSRF-SENTINEL-COOKIE-4b1d'

let api: Awaited<ReturnType<typeof startEmbeddedApi>>
let elsewhere: Awaited<ReturnType<typeof startLoopbackServer>>

beforeAll(async () => {
  api = await startEmbeddedApi([
    {
      username: sentinelUser,
      password: sentinelPassword,
      session: {
        name: 'Sentinel User',
        queue: [{ hash: sentinelHash, [sentinelHash]: 1 }],
        password: sentinelHash,
      },
    },
  ])
  // Another origin that lets any page call it (CORS), so a leaked header would arrive.
  elsewhere = await startLoopbackServer((request, res) => {
    res.writeHead(200, {
      'Access-Control-Allow-Origin': request.headers.origin ?? '*',
      'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? '',
      'Access-Control-Allow-Methods': 'GET, POST',
      'Content-Type': 'application/json',
    })
    res.end('{}')
  })
})
afterAll(async () => {
  await api.close()
  await elsewhere.close()
})

function sentHeaders(request: { headers: IncomingHttpHeaders }): string {
  return [
    request.headers['x-xsrf-token'] ?? '',
    request.headers['access-control-request-headers'] ?? '',
  ].join(' ')
}

describe('the demo login form in a DOM (jsdom, embedded API over loopback)', () => {
  it('keeps the password out of the DOM, storage and cookies after a failure and a success', async () => {
    const consoleRecording = recordConsole()
    const client = createPixwelClient({ baseURL: api.url })
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
    })
    const user = userEvent.setup({ delay: null })
    // What the form's useCreateSession left in React Query: caches, variables, dehydrate.
    const cacheSecrets = (when: string) =>
      secretsIn(when, {
        queries: queryClient
          .getQueryCache()
          .getAll()
          .map((query) => query.state),
        mutations: queryClient
          .getMutationCache()
          .getAll()
          .map((mutation) => mutation.state),
        dehydrated: dehydrate(queryClient, {
          shouldDehydrateMutation: () => true,
          shouldDehydrateQuery: () => true,
        }),
      })
    try {
      render(
        <PixwelProvider client={client} queryClient={queryClient}>
          <App apiURL={client.baseURL} />
        </PixwelProvider>,
      )
      await user.type(screen.getByLabelText('Username'), sentinelUser)
      await user.type(screen.getByLabelText('Password'), `${sentinelPassword}-wrong`)
      await user.click(screen.getByRole('button', { name: 'Sign in' }))
      expect(await screen.findByRole('alert')).toHaveProperty(
        'textContent',
        'The username or password is incorrect.',
      )
      const afterFailure = readPageState()
      expect(findSecrets(afterFailure)).toEqual([])
      expect(queryClient.getMutationCache().getAll()).toHaveLength(1)
      expect(cacheSecrets('after failure')).toEqual([])
      // The field still holds what was typed (as in any form): it is not in the markup.
      expect(screen.getByLabelText<HTMLInputElement>('Password').value).toContain(sentinelPassword)

      await user.clear(screen.getByLabelText('Password'))
      await user.type(screen.getByLabelText('Password'), sentinelPassword)
      await user.click(screen.getByRole('button', { name: 'Sign in' }))
      expect(await screen.findByRole('heading', { name: 'Sentinel User' })).toBeDefined()
      const afterSuccess = readPageState()
      expect(findSecrets(afterSuccess)).toEqual([])
      expect(afterSuccess).toContain('Sentinel User')
      expect(cacheSecrets('after success')).toEqual([])
      expect(findSecrets(consoleRecording.text())).toEqual([])
    } finally {
      consoleRecording.restore()
    }
  })
})

describe('X-XSRF-TOKEN', () => {
  it('never goes to another origin, even when a request asks for it', async () => {
    document.cookie = `XSRF-TOKEN=${xsrfCookie}; path=/`
    try {
      const client = createPixwelClient({ baseURL: api.url })
      await client.createSession({ username: sentinelUser, password: sentinelPassword })
      elsewhere.requests.length = 0
      await client.http.get(`${elsewhere.origin}/forced`, { withXSRFToken: true })
      await client.http.get(`${elsewhere.origin}/by-function`, { withXSRFToken: () => true })
      await client.http.post(`${elsewhere.origin}/post`, { a: 1 }, { withXSRFToken: true })
      await client.http.get('/forced', { baseURL: elsewhere.baseURL, withXSRFToken: true })
      const page = new URL(location.href)
      await client.http
        .get(`//${new URL(elsewhere.origin).host}/protocol-relative`, { withXSRFToken: true })
        .catch(() => undefined)
      expect(page.protocol).toBe('http:')

      const arrived = elsewhere.requests.filter((request) => request.method !== 'OPTIONS')
      expect(arrived.map((request) => request.url).sort()).toEqual(
        ['/api/forced', '/by-function', '/forced', '/post', '/protocol-relative'].sort(),
      )
      for (const request of elsewhere.requests) {
        expect(sentHeaders(request)).not.toMatch(/xsrf/i)
        expect(findSecrets(JSON.stringify(request.headers))).toEqual([])
      }
    } finally {
      document.cookie = 'XSRF-TOKEN=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
    }
  })
})
