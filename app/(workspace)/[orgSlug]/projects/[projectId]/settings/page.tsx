import { ProjectSettingsForm } from '@/app/_features/projects/project-settings-form';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function SettingsPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}`);
  return <ProjectSettingsForm orgSlug={orgSlug} project={project} />;
}
