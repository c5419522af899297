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

  it.each(['invalid-credentials', 'unauthorized'] as const)(
    'words %s per credential: a token is never called a password',
    (kind) => {
      const token = pixwelErrorMessage(new PixwelError(kind, 'x', { credential: 'token' }))
      const password = pixwelErrorMessage(new PixwelError(kind, 'x', { credential: 'password' }))
      expect(token).toMatch(/access token/)
      expect(token).toMatch(/expired/)
      expect(token).not.toMatch(/password|username/i)
      expect(password).not.toMatch(/token/i)
      // Not said which: a password's words, as before the errors said it.
      expect(pixwelErrorMessage(new PixwelError(kind, 'x'))).toBe(password)
    },
  )

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
    const perCredential = {
      'invalid-credentials': {
        password: 'Identifiant ou mot de passe incorrect.',
        token: 'Jeton d’accès incorrect, expiré ou révoqué.',
      },
    } satisfies Partial<PixwelErrorMessages>
    const refused = (credential: 'password' | 'token') =>
      pixwelErrorMessage(new PixwelError('invalid-credentials', 'x', { credential }), perCredential)
    expect(refused('token')).toBe('Jeton d’accès incorrect, expiré ou révoqué.')
    expect(refused('password')).toBe('Identifiant ou mot de passe incorrect.')
    // Kinds the table leaves out keep the default.
    expect(pixwelErrorMessage(new PixwelError('timeout', 'x'), french)).toBe(
      pixwelErrorMessages.timeout,
    )
  })
})
