import Link from 'next/link';
import { CasesPanel } from '@/app/_features/projects/cases-panel';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function ProjectCasesPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}`);
  if (project.myRole === 'READER') {
    return (
      <div className="empty">
        <h2>Your cases in this project are in your worklist</h2>
        <p className="muted">This is a blinded project: you see only the cases assigned to you.</p>
        <Link className="btn btn-primary" href={`/${orgSlug}/worklist?project=${projectId}`}>Open worklist</Link>
      </div>
    );
  }
  return <CasesPanel orgSlug={orgSlug} project={project} />;
}
