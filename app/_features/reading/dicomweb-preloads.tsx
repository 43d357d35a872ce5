import { firstRequests, frameUrl } from '@/app/_viewer/core/prefetch';

/**
 * Asks the browser, from the server-rendered page, for the viewer's first DICOMweb answers (the
 * study's series, the opened series' metadata and the image it opens on) while it is still loading
 * the scripts; the viewer's own requests then take those answers.
 */
export function DicomwebPreloads({ root, studyUid, seriesUid, image }: { root: string; studyUid: string | null; seriesUid: string | null; image: { sopUid: string; frame: number } | null }) {
  if (!studyUid) return null;
  const urls = firstRequests(root, studyUid, seriesUid);
  if (seriesUid && image) urls.push(frameUrl(root, studyUid, seriesUid, image.sopUid, image.frame));
  return urls.map((url) => <link key={url} rel="preload" as="fetch" href={url} crossOrigin="anonymous" />);
}
