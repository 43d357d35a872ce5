import { Suspense } from 'react';
import { ReportPanel } from '@/app/_features/report/report-panel';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function ReportPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}/report`);
  if (project.myRole === 'READER') return <div className="empty"><h2>Reports are for the project’s managers and leads</h2></div>;
  return (
    <Suspense>
      <ReportPanel scope={{ orgSlug, projectId }} manage={project.myRole === 'MANAGER' || project.myRole === 'ADMIN'} canDecide={project.myRole === 'LEAD'} />
    </Suspense>
  );
}
