import { createPixwelClient, isPixwelError } from 'pixwel-react/core'

// A route handler: server code imports the React-free core, one client per request.
export async function GET(request: Request): Promise<Response> {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  const client = createPixwelClient({
    baseURL: process.env.NEXT_PUBLIC_PIXWEL_API_URL ?? 'https://api-staging.pixwel.com/api',
  })
  try {
    const session = await client.createSession({ token })
    return Response.json({ ok: true, status: client.getSession().status, id: session.id })
  } catch (error) {
    return Response.json({ ok: false, kind: isPixwelError(error) ? error.kind : 'unknown' })
  }
}
