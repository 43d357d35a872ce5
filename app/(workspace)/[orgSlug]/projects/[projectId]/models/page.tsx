import { ModelsPanel } from '@/app/_features/models/models-panel';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function ModelsPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}/models`);
  if (project.myRole !== 'MANAGER' && project.myRole !== 'ADMIN') return <div className="empty"><h2>Models are managed by the project’s managers</h2></div>;
  return <ModelsPanel scope={{ orgSlug, projectId }} />;
}
