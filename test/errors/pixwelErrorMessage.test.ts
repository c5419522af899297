import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  PixwelError,
  pixwelErrorMessage,
  pixwelErrorMessages,
  type PixwelErrorKind,
  type PixwelErrorMessages,
} from '../../src/index'

const kinds = Object.keys(pixwelErrorMessages) as PixwelErrorKind[]

describe('pixwelErrorMessage', () => {
  it('has a message for every kind (a kind added without one fails the type check)', () => {
    expectTypeOf<keyof typeof pixwelErrorMessages>().toEqualTypeOf<PixwelErrorKind>()
    expectTypeOf<keyof PixwelErrorMessages>().toEqualTypeOf<PixwelErrorKind>()
    expect(kinds).toHaveLength(11)
  })

  it.each(kinds)('words %s for people: a sentence, no status code, no developer detail', (kind) => {
    const error = new PixwelError(kind, 'HTTP 429 at preferences.mail.enabled (zod)', {
      status: 429,
    })
    const message = pixwelErrorMessage(error)
    expect(message).toMatch(/^[A-Z].*\.$/)
    expect(message).not.toMatch(/HTTP|\b\d{3}\b|zod|preferences\.|undefined|null/)
    expect(message).not.toBe(error.message)
  })

  it('says retryAfterMs in seconds, rounded up', () => {
    const wait = (ms: number) =>
      pixwelErrorMessage(new PixwelError('rate-limited', 'x', { retryAfterMs: ms }))
    expect(wait(30_000)).toBe('Too many attempts. Please try again in 30 seconds.')
    expect(wait(1_200)).toBe('Too many attempts. Please try again in 2 seconds.')
    expect(wait(400)).toBe('Too many attempts. Please try again in 1 second.')
    expect(pixwelErrorMessage(new PixwelError('rate-limited', 'x'))).toMatch(/wait a minute/)
  })

  it('takes an override table, for translations and the app’s own words', () => {
    const french = {
      'invalid-credentials': 'Identifiant ou mot de passe incorrect.',
      'rate-limited': (error: PixwelError<'rate-limited'>) =>
        `Trop de tentatives : réessayez dans ${Math.ceil((error.retryAfterMs ?? 0) / 1000)} s.`,
    } satisfies Partial<PixwelErrorMessages>
    expect(pixwelErrorMessage(new PixwelError('invalid-credentials', 'x'), french)).toBe(
      'Identifiant ou mot de passe incorrect.',
    )
    expect(
      pixwelErrorMessage(new PixwelError('rate-limited', 'x', { retryAfterMs: 5_000 }), french),
    ).toBe('Trop de tentatives : réessayez dans 5 s.')
    // Kinds the table leaves out keep the default.
    expect(pixwelErrorMessage(new PixwelError('timeout', 'x'), french)).toBe(
      pixwelErrorMessages.timeout,
    )
  })
})
