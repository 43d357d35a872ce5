import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/options';

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built per request: they read the environment, which the server completes at start.
function handler(req: Request, ctx: RouteContext) {
  return NextAuth(req as never, ctx as never, authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
