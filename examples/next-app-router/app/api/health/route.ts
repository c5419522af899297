import { createPixwelClient, isPixwelError } from 'pixwel-react/core'

// A route handler: server code imports the React-free core, one client per request. The token
// comes in the Authorization header, never in the URL (URLs end up in logs and histories).
export async function POST(request: Request): Promise<Response> {
  const token = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1] ?? ''
  const client = createPixwelClient({
    baseURL: process.env.NEXT_PUBLIC_PIXWEL_API_URL ?? 'https://api-staging.pixwel.com/api',
  })
  try {
    await client.createSession({ token })
    return Response.json({ ok: true, status: client.getSession().status })
  } catch (error) {
    return Response.json({ ok: false, kind: isPixwelError(error) ? error.kind : 'unknown' })
  }
}
