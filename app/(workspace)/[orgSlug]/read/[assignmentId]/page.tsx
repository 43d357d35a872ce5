import { DicomwebPreloads } from '@/app/_features/reading/dicomweb-preloads';
import { ReadCase } from '@/app/_features/reading/read-case';
import { dicomwebPath } from '@/app/_viewer/core/prefetch';
import { getQueryClient, HydrateClient, trpc } from '@/app/_trpc/server';

/**
 * The case is looked up while the page renders, so the viewer starts at once instead of after a
 * round trip, and the page asks the browser (preload links) to fetch the study's series, the opened
 * series' metadata and the image it opens on while it is still loading the scripts (the viewer's
 * own requests then take those answers). A case that cannot be read is left to the page to explain.
 */
export default async function ReadPage({ params }: { params: Promise<{ orgSlug: string; assignmentId: string }> }) {
  const { orgSlug, assignmentId } = await params;
  const query = trpc.assignment.get.queryOptions({ orgSlug, assignmentId });
  await getQueryClient().prefetchQuery(query);
  const a = getQueryClient().getQueryData(query.queryKey);
  // The viewer mounts once the label schema is here: asked for now, it comes with the page.
  if (a) await getQueryClient().prefetchQuery(trpc.project.labelSchema.queryOptions({ orgSlug, projectId: a.projectId, version: a.schemaVersion }));
  return (
    <HydrateClient>
      {a && <DicomwebPreloads root={dicomwebPath(orgSlug, a.projectId)} studyUid={a.studyInstanceUid} seriesUid={a.openSeriesUid} image={a.openImage} />}
      <ReadCase orgSlug={orgSlug} assignmentId={assignmentId} />
    </HydrateClient>
  );
}
