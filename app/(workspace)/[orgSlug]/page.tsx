import { ProjectList } from '@/app/_features/projects/project-list';
import { InvitationsCard } from '@/app/_features/worklist/invitations';
import { NextCaseCard } from '@/app/_features/worklist/next-case';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function OrgHome({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const org = await orPage((await serverCaller()).org.get({ orgSlug }), `/${orgSlug}`);
  return (
    <div className="stack">
      <div className="page-head">
        <h1>{org.name}</h1>
        <span className="badge">{org.role}</span>
      </div>
      <InvitationsCard orgSlug={orgSlug} />
      <NextCaseCard orgSlug={orgSlug} />
      <ProjectList orgSlug={orgSlug} canCreate={org.role !== 'MEMBER'} />
    </div>
  );
}
