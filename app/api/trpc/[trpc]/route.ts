import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { requestMeta } from '@/app/_trpc/request-meta';
import { appRouter } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => createContext(await requestMeta()),
  });
}

export { handler as GET, handler as POST };
