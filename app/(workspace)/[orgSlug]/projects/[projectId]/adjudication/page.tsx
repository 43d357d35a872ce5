import { AdjudicationQueue } from '@/app/_features/report/adjudication-queue';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function AdjudicationPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}/adjudication`);
  if (project.myRole === 'READER') return <div className="empty"><h2>Adjudication is for the project’s leads and managers</h2></div>;
  return <AdjudicationQueue scope={{ orgSlug, projectId }} />;
}
