import { AdjudicateCase } from '@/app/_features/adjudication/adjudicate-case';

export default async function AdjudicatePage({ params }: { params: Promise<{ orgSlug: string; projectId: string; caseId: string }> }) {
  const { orgSlug, projectId, caseId } = await params;
  return <AdjudicateCase orgSlug={orgSlug} projectId={projectId} caseId={caseId} />;
}
