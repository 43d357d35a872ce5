import { MembersTable } from '@/app/_features/members/members-table';
import { getQueryClient, HydrateClient, serverCaller, trpc } from '@/app/_trpc/server';

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await (await serverCaller()).org.get({ orgSlug });
  if (org.role === 'MEMBER') {
    return (
      <div className="empty">
        <h2>Members</h2>
        <p className="muted">Only organization owners and admins can see the member list.</p>
      </div>
    );
  }
  void getQueryClient().prefetchQuery(trpc.org.members.queryOptions({ orgSlug, limit: 50 }));
  return (
    <HydrateClient>
      <div className="page-head">
        <h1>Members</h1>
      </div>
      <MembersTable orgSlug={orgSlug} />
    </HydrateClient>
  );
}
