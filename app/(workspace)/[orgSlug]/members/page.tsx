import { InviteForm } from '@/app/_features/invitations/invite-form';
import { PendingInvitations } from '@/app/_features/invitations/pending-invitations';
import { MembersTable } from '@/app/_features/members/members-table';
import { getQueryClient, HydrateClient, orPage, serverCaller, trpc } from '@/app/_trpc/server';

export default async function MembersPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage((await serverCaller()).org.get({ orgSlug }), `/${orgSlug}`);
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
      <div className="stack">
        <InviteForm orgSlug={orgSlug} allowOrgRoles />
        <PendingInvitations orgSlug={orgSlug} />
        <MembersTable orgSlug={orgSlug} myRole={org.role} />
      </div>
    </HydrateClient>
  );
}
