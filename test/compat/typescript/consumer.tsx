// What an app writes against the published types, type-checked by the oldest and the newest
// TypeScript the library supports (test/package/typescript.test.ts), with skipLibCheck off.
import {
  createPixwelClient,
  isPixwelError,
  pixwelErrorMessage,
  PixwelProvider,
  useCreateSession,
  useSession,
  type PixwelClientEvent,
  type Session,
} from 'pixwel-react'
import { parseSession, type PixwelSessionSnapshot } from 'pixwel-react/core'
import { createPixwelWrapper, createSignedInClient } from 'pixwel-react/testing'

export const client = createPixwelClient({ environment: 'staging', persist: 'local' })

export function SignIn() {
  const signIn = useCreateSession()
  const state = useSession()
  if (state.status === 'signed-in') return <p>{state.session.name}</p>
  return (
    <button onClick={() => signIn.mutate({ token: 'pat_x', persist: false })}>
      {signIn.error ? pixwelErrorMessage(signIn.error) : 'Sign in'}
    </button>
  )
}

export const app = (
  <PixwelProvider client={client}>
    <SignIn />
  </PixwelProvider>
)

export async function check(): Promise<Session | null> {
  const snapshot: PixwelSessionSnapshot = client.getSession()
  client.subscribe((event: PixwelClientEvent) => {
    if (event.type === 'signed-out') console.log(event.reason)
  })
  const slim = await client.createSession({ username: 'a', password: 'b' }, { fields: ['name'] })
  console.log(slim.name, snapshot.status, parseSession({ _id: 'a' }).id)
  console.log(createPixwelWrapper({ client: await createSignedInClient() }))
  try {
    return await client.refreshSession()
  } catch (error) {
    if (isPixwelError(error) && error.kind === 'unauthorized') return null
    throw error
  }
}
