/**
 * The end-user messages are complete per kind and per credential: the default table must have a
 * message for every kind, and `{ password, token }` for each kind whose errors say which
 * credential failed. A kind, or a credential, added without its message fails here.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  pixwelErrorMessages,
  type PixwelCredential,
  type PixwelDefaultErrorMessages,
  type PixwelError,
  type PixwelErrorKind,
  type PixwelErrorMessages,
} from '../../src/index'

/** The kinds whose errors carry `credential`. */
type CredentialKinds = {
  [K in PixwelErrorKind]: 'credential' extends keyof PixwelError<K> ? K : never
}[PixwelErrorKind]

/** The kinds the default table words per credential. */
type PerCredentialKinds = {
  [K in PixwelErrorKind]: PixwelDefaultErrorMessages[K] extends Record<PixwelCredential, unknown>
    ? K
    : never
}[PixwelErrorKind]

describe('the end-user messages', () => {
  it('cover every kind, and every credential of the kinds that carry one', () => {
    expectTypeOf<keyof PixwelDefaultErrorMessages>().toEqualTypeOf<PixwelErrorKind>()
    expectTypeOf<PerCredentialKinds>().toEqualTypeOf<CredentialKinds>()
    expectTypeOf<CredentialKinds>().toEqualTypeOf<'invalid-credentials' | 'unauthorized'>()
    expectTypeOf<PixwelCredential>().toEqualTypeOf<'password' | 'token'>()
    expectTypeOf(pixwelErrorMessages).toEqualTypeOf<PixwelDefaultErrorMessages>()
    expectTypeOf(pixwelErrorMessages['invalid-credentials']).toHaveProperty('token')
    expectTypeOf(pixwelErrorMessages.unauthorized).toHaveProperty('token')
  })

  it('refuse a default table that words a token as a password', () => {
    const { unauthorized: _unauthorized, ...others } = pixwelErrorMessages
    const complete: PixwelDefaultErrorMessages = {
      ...others,
      unauthorized: { password: 'Signed out.', token: 'Your token expired.' },
    }
    const noToken: PixwelDefaultErrorMessages = {
      ...others,
      // @ts-expect-error -- `token` is missing: a token would get the password's words
      unauthorized: { password: 'Signed out.' },
    }
    // @ts-expect-error -- one sentence for both credentials is not enough for the defaults
    const oneSentence: PixwelDefaultErrorMessages = { ...others, unauthorized: 'Signed out.' }
    // @ts-expect-error -- a kind without a message
    const missingKind: PixwelDefaultErrorMessages = others
    expectTypeOf([complete, noToken, oneSentence, missingKind]).toBeArray()
  })

  it('let overrides give one sentence, a function, or one per credential', () => {
    expectTypeOf({
      'invalid-credentials': 'Wrong credentials.',
      unauthorized: { password: 'Signed out.', token: 'Token expired.' },
      timeout: () => 'Too slow.',
    }).toExtend<Partial<PixwelErrorMessages>>()
    // Per credential only where errors say which credential failed.
    expectTypeOf({
      timeout: { password: 'a', token: 'b' },
    }).not.toExtend<Partial<PixwelErrorMessages>>()
  })
})
