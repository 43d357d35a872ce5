import { AdjudicateCase } from '@/app/_features/adjudication/adjudicate-case';
import { DicomwebPreloads } from '@/app/_features/reading/dicomweb-preloads';
import { dicomwebPath } from '@/app/_viewer/core/prefetch';
import { getQueryClient, HydrateClient, trpc } from '@/app/_trpc/server';

/**
 * As the case page: the case, the lead and the label schema are looked up while the page renders,
 * so it comes whole (reads, compare tables, the viewer's frame) instead of after three round trips,
 * and the browser is asked (preload links) for the study's series, the opened series' metadata and
 * the image it opens on while it loads the scripts. A case that cannot be adjudicated is left to
 * the page to explain.
 */
export default async function AdjudicatePage({ params }: { params: Promise<{ orgSlug: string; projectId: string; caseId: string }> }) {
  const { orgSlug, projectId, caseId } = await params;
  const qc = getQueryClient();
  const view = trpc.adjudication.view.queryOptions({ orgSlug, projectId, caseId });
  await Promise.all([qc.prefetchQuery(view), qc.prefetchQuery(trpc.user.me.queryOptions())]);
  const v = qc.getQueryData(view.queryKey);
  if (v) await qc.prefetchQuery(trpc.project.labelSchema.queryOptions({ orgSlug, projectId, version: v.schemaVersion }));
  return (
    <HydrateClient>
      {v && <DicomwebPreloads root={dicomwebPath(orgSlug, projectId)} studyUid={v.studyInstanceUid} seriesUid={v.openSeriesUid} image={v.openImage} />}
      <AdjudicateCase orgSlug={orgSlug} projectId={projectId} caseId={caseId} />
    </HydrateClient>
  );
}
