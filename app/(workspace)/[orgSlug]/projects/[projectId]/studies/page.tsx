import { StudiesPanel } from '@/app/_features/studies/studies-panel';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function StudiesPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}/studies`);
  return <StudiesPanel orgSlug={orgSlug} projectId={projectId} canIngest={project.myRole === 'MANAGER' || project.myRole === 'ADMIN'} canReidentify={project.myRole === 'ADMIN' && project.deidentification.reidentification} />;
}
