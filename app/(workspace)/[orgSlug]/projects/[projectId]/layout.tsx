import type { ReactNode } from 'react';
import { ProjectTabs } from '@/app/_features/projects/project-tabs';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}`);
  return (
    <>
      <div className="page-head">
        <h1>{project.name}</h1>
        <span className="badge">{project.myRole}</span>
        {project.status === 'ARCHIVED' && <span className="status status-SKIPPED">archived</span>}
      </div>
      <ProjectTabs base={`/${orgSlug}/projects/${projectId}`} role={project.myRole} />
      {children}
    </>
  );
}
