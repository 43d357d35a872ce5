import { redirect } from 'next/navigation';
import { serverCaller } from './_trpc/server';

export const dynamic = 'force-dynamic';

/** Signed in: the first organization; otherwise the sign-in page. */
export default async function Home() {
  const caller = await serverCaller();
  const orgs = await caller.org.mine().catch(() => null);
  if (!orgs) redirect('/sign-in');
  const first = orgs[0];
  redirect(first ? `/${first.slug}` : '/sign-in');
}
