import { firstRequests } from '@/app/_viewer/core/prefetch';

/**
 * Asks the browser, from the server-rendered page, for the viewer's first DICOMweb answers (the
 * study's series, the opened series' metadata, and any `extra`, e.g. the image it opens on) while
 * it is still loading the scripts; the viewer's own requests then take those answers.
 */
export function DicomwebPreloads({ root, studyUid, seriesUid, extra = [] }: { root: string; studyUid: string | null; seriesUid: string | null; extra?: string[] }) {
  if (!studyUid) return null;
  return [...firstRequests(root, studyUid, seriesUid), ...extra].map((url) => <link key={url} rel="preload" as="fetch" href={url} crossOrigin="anonymous" />);
}
