import { ExportsPanel } from '@/app/_features/export/exports-panel';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function ExportsPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}/exports`);
  if (project.myRole !== 'MANAGER' && project.myRole !== 'ADMIN') return <div className="empty"><h2>Exports are for the project’s managers</h2></div>;
  return <ExportsPanel scope={{ orgSlug, projectId }} />;
}
