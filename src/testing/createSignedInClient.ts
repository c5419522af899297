import axios, { AxiosError, type AxiosAdapter } from 'axios'
import type { PixwelClientOptions } from '../api/clientOptions.js'
import { createPixwelClient } from '../api/createPixwelClient.js'
import type { PixwelClient } from '../api/PixwelClient.js'
import type { SessionResponse } from '../schemas/sessionContract.js'
import { sessionScenarioAnswer } from './sessionScenarios.js'

/**
 * Options of {@link createSignedInClient}.
 */
export interface SignedInClientOptions extends Omit<PixwelClientOptions, 'adapter'> {
  /** How the sign-in ends: a session, or one that still needs its second factor. */
  scenario?: 'success' | 'two-factor-required'
  /** Top-level overrides of the session body ({@link buildSessionResponse}). */
  session?: Partial<SessionResponse>
  /** The exact `POST /session` body to sign in with, instead of `scenario` and `session`. */
  body?: SessionResponse
  /** The default is `https://api.pixwel.test/api`, the test kit's usual root. */
  baseURL?: string
}

/** The API root the test kit uses unless told otherwise. */
const testBaseURL = 'https://api.pixwel.test/api'

/**
 * A {@link PixwelClient} already signed in against a scenario, for stories, demos and tests:
 * the session goes through the client's real sign-in (`POST /session` is answered in memory,
 * nothing reaches a network), so the client holds credentials and `useSession()` shows the
 * user from the first render. Every other request goes to the platform's adapter as usual
 * (MSW handlers answer it in tests).
 *
 * @example
 * ```tsx
 * const client = await createSignedInClient({ session: { name: 'Ada' } })
 * render(
 *   <PixwelProvider client={client}>
 *     <Header />
 *   </PixwelProvider>,
 * )
 * ```
 */
export async function createSignedInClient(
  options: SignedInClientOptions = {},
): Promise<PixwelClient> {
  const { scenario = 'success', session, body, ...clientOptions } = options
  const answerSession: AxiosAdapter = (config) => {
    const answer =
      body === undefined
        ? sessionScenarioAnswer(scenario, session === undefined ? {} : { session })
        : ({ type: 'response', status: 200, headers: {}, body: JSON.stringify(body) } as const)
    if (answer.type !== 'response') {
      return Promise.reject(new AxiosError('dropped', 'ECONNRESET', config))
    }
    return Promise.resolve({
      data: answer.body,
      status: answer.status,
      statusText: 'OK',
      headers: answer.headers,
      config,
      request: {},
    })
  }
  const adapter: AxiosAdapter = (config) =>
    config.method === 'post' && /\/session$/.test(config.url ?? '')
      ? answerSession(config)
      : axios.getAdapter(axios.defaults.adapter, config)(config)
  const client = createPixwelClient({ baseURL: testBaseURL, ...clientOptions, adapter })
  await client.createSession({ token: 'pat_test_kit_synthetic_token' })
  return client
}
