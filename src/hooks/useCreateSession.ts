import {
  useMutation,
  type MutateOptions,
  type UseMutationOptions,
  type UseMutationResult,
} from '@tanstack/react-query'
import { useCallback, useEffect, useRef } from 'react'
import {
  sealCredentials,
  type Credentials,
  type SealedCredentials,
} from '../api/sealCredentials.js'
import { PixwelError } from '../errors/PixwelError.js'
import { reportCallbackError } from '../errors/reportCallbackError.js'
import type { Session } from '../schemas/sessionContract.js'
import { bindToClient, createSessionMutationOptions } from './createSessionMutationOptions.js'
import { usePixwelClient } from './usePixwelClient.js'

/**
 * Options of {@link useCreateSession}: React Query's mutation options, less the ones the
 * library sets itself (see {@link createSessionMutationOptions}): the mutation function and
 * key, and `retry`, `retryDelay` and `networkMode` (a sign-in is never retried, and fails at
 * once as `network` when offline instead of pausing).
 */
export type UseCreateSessionOptions = Omit<
  UseMutationOptions<Session, PixwelError, SealedCredentials>,
  'mutationFn' | 'mutationKey' | 'retry' | 'retryDelay' | 'networkMode'
>

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/**
 * What {@link useCreateSession} returns: React Query's mutation result whose `mutate` and
 * `mutateAsync` take plain {@link Credentials} (sealed before React Query sees them).
 *
 * @example
 * ```ts
 * const signIn: UseCreateSessionResult = useCreateSession()
 * if (signIn.isError) signIn.error.kind // PixwelErrorKind
 * ```
 */
export type UseCreateSessionResult = DistributiveOmit<
  UseMutationResult<Session, PixwelError, SealedCredentials>,
  'mutate' | 'mutateAsync'
> & {
  mutate: (
    credentials: Credentials | SealedCredentials,
    options?: MutateOptions<Session, PixwelError, SealedCredentials>,
  ) => void
  mutateAsync: (
    credentials: Credentials | SealedCredentials,
    options?: MutateOptions<Session, PixwelError, SealedCredentials>,
  ) => Promise<Session>
}

/**
 * Signs a user in (`POST /session`) through the provider's client. On success the session is
 * the client's, so `useSession()` shows it everywhere; the previous user's data is gone. A
 * `mutate` with the same credentials while one is pending joins it (no second request); other
 * credentials replace it (the earlier call ends `aborted`). The password never becomes a plain
 * value of the mutation cache. A sign-out, or a sign-in made elsewhere, resets the result,
 * whose `data` was the previous session. An `onSuccess`, `onError` or `onSettled` that throws
 * is reported (`reportError`, else `console.error`) and changes nothing of the sign-in.
 *
 * @example
 * ```tsx
 * function SignIn() {
 *   const signIn = useCreateSession()
 *   return (
 *     <form
 *       onSubmit={(event) => {
 *         event.preventDefault()
 *         const form = new FormData(event.currentTarget)
 *         signIn.mutate({
 *           username: String(form.get('username')),
 *           password: String(form.get('password')),
 *         })
 *       }}
 *     >
 *       …
 *       <button disabled={signIn.isPending}>Sign in</button>
 *       {signIn.error && <p role="alert">{signIn.error.message}</p>}
 *     </form>
 *   )
 * }
 * ```
 */
export function useCreateSession(options?: UseCreateSessionOptions): UseCreateSessionResult {
  const client = usePixwelClient()
  const mutation = useMutation({
    ...guardedOptions(options),
    ...createSessionMutationOptions(client),
  })
  const { mutateAsync: mutateSealedAsync, reset, data } = mutation

  // Once a sign-out, another sign-in or another client replaces the session this hook signed
  // in, its `data` is the previous user's: forget it. A pending sign-in has no `data` yet. The
  // event resets it before React renders the change; the effect catches what no event follows
  // (an `onSuccess` that signed out before the mutation settled, a swapped `client`). It reads
  // the snapshot instead of subscribing to it: a subscription would add a render per sign-in.
  const shown = useRef(data)
  useEffect(() => {
    shown.current = data
    if (data !== undefined && client.getSession().session !== data) reset()
  }, [data, client, reset])
  useEffect(
    () =>
      client.subscribe((event) => {
        if (shown.current !== undefined && event.snapshot.session !== shown.current) reset()
      }),
    [client, reset],
  )

  const mutateAsync = useCallback<UseCreateSessionResult['mutateAsync']>(
    (credentials, mutateOptions) => {
      let callbacks: typeof mutateOptions
      try {
        callbacks = guardCallbacks(mutateOptions ?? undefined)
      } catch {
        return Promise.reject(
          new PixwelError(
            'configuration',
            'mutate takes an options object with readable callbacks.',
          ),
        )
      }
      // Sealing never throws: credentials that cannot be sent fail the mutation, as any failure.
      const sealed = sealCredentials(credentials)
      bindToClient(sealed, client)
      return mutateSealedAsync(sealed, callbacks)
    },
    [mutateSealedAsync, client],
  )
  const mutate = useCallback<UseCreateSessionResult['mutate']>(
    (credentials, mutateOptions) => {
      mutateAsync(credentials, mutateOptions).catch(ignore)
    },
    [mutateAsync],
  )
  return { ...mutation, mutate, mutateAsync }
}

function ignore(): void {
  // `mutate` reports failures through the result's `error`, like React Query's own.
}

/** The hook's options, guarded; options that cannot be read are a `configuration` error. */
function guardedOptions(options: UseCreateSessionOptions | undefined) {
  try {
    return guardCallbacks(options)
  } catch {
    throw new PixwelError(
      'configuration',
      'useCreateSession takes an options object with readable properties.',
    )
  }
}

/**
 * The app's `onMutate`/`onSuccess`/`onError`/`onSettled`, made unable to break the sign-in: React Query
 * turns a throwing hook-level `onSuccess` into a failed mutation (while the user is signed in)
 * and rethrows the others as unhandled rejections. Their errors are reported instead.
 */
function guardCallbacks<T extends object>(options: T | undefined): T | undefined {
  if (!options) return options
  const guarded: Record<string, unknown> = { ...(options as Record<string, unknown>) }
  for (const name of ['onMutate', 'onSuccess', 'onError', 'onSettled']) {
    const callback = guarded[name]
    if (typeof callback !== 'function') continue
    const call = callback as (...args: unknown[]) => unknown
    guarded[name] = (...args: unknown[]) => {
      try {
        return Promise.resolve(call(...args)).catch(reportCallbackError)
      } catch (error) {
        reportCallbackError(error)
        return undefined
      }
    }
  }
  return guarded as T
}
