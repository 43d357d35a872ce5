import { ProgressPanel } from '@/app/_features/projects/progress-panel';

export default async function ProgressPage({ params }: { params: Promise<{ orgSlug: string; projectId: string }> }) {
  const { orgSlug, projectId } = await params;
  return <ProgressPanel orgSlug={orgSlug} projectId={projectId} />;
}
