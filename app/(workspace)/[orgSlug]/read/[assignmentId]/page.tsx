import { ReadCase } from '@/app/_features/reading/read-case';

export default async function ReadPage({ params }: { params: Promise<{ orgSlug: string; assignmentId: string }> }) {
  const { orgSlug, assignmentId } = await params;
  return <ReadCase orgSlug={orgSlug} assignmentId={assignmentId} />;
}
