import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { requestMeta } from '@/app/_trpc/request-meta';
import { appRouter } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';
import { logger } from '@/server/lib/logger';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => createContext(await requestMeta()),
    // Expected refusals (not found, forbidden, bad input) are the caller's business; anything else is ours to see.
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') logger.error('api call failed', { path, err: error.cause ?? error });
    },
  });
}

export { handler as GET, handler as POST };
