import type { AxiosAdapter } from 'axios'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createPixwelClient, isPixwelError, sessionSchema } from '../../src/index'
import { buildSessionResponse } from '../../src/testing/index'

/** An adapter that answers every request with the given status and raw body, with no network. */
function answering(status: number, body: string): AxiosAdapter {
  return (config) =>
    new Promise((resolve, reject) => {
      const response = { data: body, status, statusText: '', headers: {}, config, request: {} }
      const validate = config.validateStatus ?? ((code: number) => code >= 200 && code < 300)
      if (validate(status)) resolve(response)
      else
        reject(
          Object.assign(new Error(`status ${status}`), { isAxiosError: true, response, config }),
        )
    })
}

const bodies = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .dictionary(fc.constantFrom(...Object.keys(buildSessionResponse())), fc.jsonValue())
    .map((fields) => JSON.stringify({ _id: 'x', ...fields })),
  fc.string(),
)

describe('client.createSession on any body', () => {
  it('yields a Session or a PixwelError for any JSON body on a 200, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        const client = createPixwelClient({ adapter: answering(200, body) })
        try {
          const session = await client.createSession({ token: 'pat_property' })
          expect(sessionSchema.safeParse(session).success).toBe(true)
        } catch (error) {
          expect(isPixwelError(error)).toBe(true)
        }
      }),
      { numRuns: 1000, seed: 4020 },
    )
  })
})
