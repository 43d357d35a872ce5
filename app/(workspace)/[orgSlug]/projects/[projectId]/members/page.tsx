import { InviteForm } from '@/app/_features/invitations/invite-form';
import { ProjectMembersPanel } from '@/app/_features/projects/project-members-panel';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function ProjectMembersPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}`);
  const manage = project.myRole === 'ADMIN' || project.myRole === 'MANAGER';
  return (
    <div className="stack">
      {manage && <InviteForm orgSlug={orgSlug} projectId={projectId} allowOrgRoles={project.myRole === 'ADMIN'} />}
      <ProjectMembersPanel orgSlug={orgSlug} projectId={projectId} manage={manage} />
    </div>
  );
}
