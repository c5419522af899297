import { describe, expect, it } from 'vitest'
import { readSessionRequest } from '../../src/testing/index'

const baseURL = 'https://api.pixwel.test/api'

describe('readSessionRequest', () => {
  const url = `${baseURL}/session`
  const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`

  it.each([
    ['no Authorization header', {}, '{}', 401],
    ['an unknown scheme', { Authorization: 'Digest abc' }, '{}', 400],
    ['Basic that is not base64', { Authorization: 'Basic %%%' }, '{}', 400],
    ['Basic without a colon', { Authorization: basic('nocolon') }, '{}', 400],
    ['Basic that is not UTF-8', { Authorization: 'Basic /w==' }, '{}', 400],
    ['a missing body', { Authorization: basic('a:b') }, '', 400],
    ['a body that is not JSON', { Authorization: basic('a:b') }, '{nope', 400],
    ['a JSON array body', { Authorization: basic('a:b') }, '[]', 400],
    ['a huge body', { Authorization: basic('a:b') }, `{"x":"${'y'.repeat(100_000)}"}`, 413],
  ])('answers %s with a clear 4xx', async (_, headers, body, status) => {
    const read = await readSessionRequest(new Request(url, { method: 'POST', headers, body }))
    expect(read.ok).toBe(false)
    if (!read.ok && read.answer.type === 'response') expect(read.answer.status).toBe(status)
  })

  it('decodes UTF-8 Basic credentials back to the same strings', async () => {
    const read = await readSessionRequest(
      new Request(url, {
        method: 'POST',
        headers: { Authorization: basic('ユーザー:pä:ss✓') },
        body: '{}',
      }),
    )
    expect(read.ok && read.credentials).toEqual({ username: 'ユーザー', password: 'pä:ss✓' })
  })
})
