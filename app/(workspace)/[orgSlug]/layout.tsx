import { notFound, redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppShell } from '@/app/_features/shell/app-shell';
import { serverCaller } from '@/app/_trpc/server';

export const dynamic = 'force-dynamic';

export default async function WorkspaceLayout({ children, params }: { children: ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const caller = await serverCaller();
  const [me, orgs] = await Promise.all([caller.user.me().catch(() => null), caller.org.mine().catch(() => null)]);
  if (!me || !orgs) redirect(`/sign-in?next=/${encodeURIComponent(orgSlug)}`);
  const current = orgs.find((o) => o.slug === orgSlug);
  if (!current) notFound();
  return (
    <AppShell user={me} orgs={orgs} current={current}>
      {children}
    </AppShell>
  );
}
