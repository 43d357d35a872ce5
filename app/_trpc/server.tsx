import 'server-only';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { notFound, redirect } from 'next/navigation';
import { cache, type ReactNode } from 'react';
import { appRouter, createCaller } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';
import { makeQueryClient } from './query-client';
import { requestMeta } from './request-meta';

const context = cache(async () => createContext(await requestMeta()));

export const getQueryClient = cache(makeQueryClient);

/** Query options for prefetching in server components. */
export const trpc = createTRPCOptionsProxy({ ctx: context, router: appRouter, queryClient: getQueryClient });

/** Direct server-side calls (e.g. to redirect before rendering). */
export const serverCaller = cache(async () => createCaller(await context()));

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/**
 * Awaits a server-side call for a page: signed out → the sign-in page (coming back to `path`),
 * not visible → 404. Layouts and pages render in parallel, so each page guards itself.
 */
export async function orPage<T>(call: Promise<T>, path: string): Promise<T> {
  try {
    return await call;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'UNAUTHORIZED') redirect(`/sign-in?next=${encodeURIComponent(path)}`);
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') notFound();
    throw e;
  }
}
