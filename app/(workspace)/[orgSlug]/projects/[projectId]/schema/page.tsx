import { SchemaEditor } from '@/app/_features/schema/schema-editor';
import { orPage, serverCaller } from '@/app/_trpc/server';

export default async function SchemaPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  const project = await orPage((await serverCaller()).project.get({ orgSlug, projectId }), `/${orgSlug}/projects/${projectId}`);
  return <SchemaEditor orgSlug={orgSlug} projectId={projectId} editable={project.myRole === 'ADMIN' || project.myRole === 'MANAGER'} />;
}
