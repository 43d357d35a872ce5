/** A DICOM JSON object: attribute tag → VR and values. */
export type DicomJson = Record<string, { vr: string; Value?: unknown[] } | undefined>;

export async function fetchDicomJson(url: string): Promise<DicomJson[]> {
  const res = await fetch(url, { headers: { accept: 'application/dicom+json' }, credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText} for ${url}`);
  return (await res.json()) as DicomJson[];
}

/** A project's DICOMweb root path (the server-rendered preload links use it as it is). */
export const dicomwebPath = (orgSlug: string, projectId: string) => `/dicomweb/${orgSlug}/${projectId}`;

/** A project's DICOMweb root as the browser's viewer addresses it; on the server, where no viewer runs, ''. */
export function dicomwebRoot(orgSlug: string, projectId: string): string {
  return typeof window === 'undefined' ? '' : `${window.location.origin}${dicomwebPath(orgSlug, projectId)}`;
}

/** The viewer's first requests for a study: its series (QIDO-RS) and the metadata of the series it opens. */
export function firstRequests(root: string, studyUid: string, seriesUid: string | null): string[] {
  return [`${root}/studies/${studyUid}/series`, ...(seriesUid ? [`${root}/studies/${studyUid}/series/${seriesUid}/metadata`] : [])];
}

/**
 * A frame's WADO-RS address: the viewer's `wadors:` image id without its prefix. It asks for the
 * frame as a single part (the standard's `accept` parameter, which the image loader leaves as it
 * is): the loader then takes the body as the pixel data instead of scanning it for a boundary.
 */
export function frameUrl(root: string, studyUid: string, seriesUid: string, sopUid: string, frame: number): string {
  return `${root}/studies/${studyUid}/series/${seriesUid}/instances/${sopUid}/frames/${frame}?accept=application/octet-stream`;
}

/** Answers fetched ahead, each taken once; one not taken within this long is dropped. */
const KEEP_MS = 30_000;
const ahead = new Map<string, { at: number; json: Promise<DicomJson[]> }>();

/**
 * Starts the requests the viewer will make first — the study's series and the series it opens —
 * as soon as the reading page knows them: the viewer's code and cornerstone load meanwhile,
 * instead of before.
 */
export function prefetchStudy(root: string, studyUid: string, seriesUid: string | null) {
  const now = Date.now();
  for (const [url, a] of ahead) if (now - a.at > KEEP_MS) ahead.delete(url);
  for (const url of firstRequests(root, studyUid, seriesUid)) {
    // The case page's own preload links (app/(workspace)/[orgSlug]/read) already ask for these.
    if (ahead.has(url) || document.querySelector(`link[rel="preload"][href="${new URL(url).pathname}"]`)) continue;
    const json = fetchDicomJson(url);
    json.catch(() => ahead.delete(url));
    ahead.set(url, { at: now, json });
  }
}

/** The answer fetched ahead for `url` (once), or a fresh request. */
export function takeDicomJson(url: string): Promise<DicomJson[]> {
  const a = ahead.get(url);
  ahead.delete(url);
  return a?.json ?? fetchDicomJson(url);
}
