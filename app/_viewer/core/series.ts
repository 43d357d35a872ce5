import { wadors } from '@cornerstonejs/dicom-image-loader';
import { inSliceOrder } from '@/server/contracts/slice-order';
import { frameUrl, takeDicomJson, type DicomJson } from './prefetch';

export type { DicomJson };
/** A DICOM JSON attribute's first value. */
const first = <T>(m: DicomJson, tag: string) => m[tag]?.Value?.[0] as T | undefined;
const numbers = (m: DicomJson, tag: string) => (m[tag]?.Value ?? []).map(Number);

export interface SeriesSummary {
  seriesUid: string;
  modality: string;
  description: string;
  number: number | null;
  instances: number;
}

export interface LoadedSeries {
  seriesUid: string;
  modality: string;
  /** wadors: image ids, one per frame, ordered along the slice normal (foot to head for axial). */
  imageIds: string[];
  /** image id → SOP Instance UID and 1-based frame, for the annotation document. */
  frames: Map<string, { sopUid: string; frame: number }>;
  byFrame: Map<string, string>;
  /** image id → the instance's DICOM JSON (the header panel shows it). */
  metadata: Map<string, DicomJson>;
  /** The first image's default VOI from its header, when present. */
  window: { center: number; width: number } | null;
}

const getJson = takeDicomJson;

/** The series of a study (QIDO-RS), as the series browser lists them. */
export async function listSeries(root: string, studyUid: string): Promise<SeriesSummary[]> {
  const rows = await getJson(`${root}/studies/${studyUid}/series`);
  return rows
    .map((r) => ({
      seriesUid: first<string>(r, '0020000E') ?? '',
      modality: first<string>(r, '00080060') ?? '',
      description: first<string>(r, '0008103E') ?? '',
      number: first<number>(r, '00200011') ?? null,
      instances: first<number>(r, '00201209') ?? 0,
    }))
    .sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
}

/**
 * The image a series browser shows for a series: its middle instance's first frame, with that
 * instance's metadata (only) registered for the loader.
 */
export async function thumbnailImageId(root: string, studyUid: string, seriesUid: string): Promise<string | null> {
  const base = `${root}/studies/${studyUid}/series/${seriesUid}`;
  const rows = await getJson(`${base}/instances`);
  const sops = rows
    .map((r) => ({ sop: first<string>(r, '00080018'), n: first<number>(r, '00200013') ?? 0 }))
    .filter((r): r is { sop: string; n: number } => Boolean(r.sop))
    .sort((a, b) => a.n - b.n);
  const middle = sops[Math.floor(sops.length / 2)];
  if (!middle) return null;
  const [m] = await getJson(`${base}/instances/${middle.sop}/metadata`);
  if (!m) return null;
  const imageId = `wadors:${frameUrl(root, studyUid, seriesUid, middle.sop, 1)}`;
  wadors.metaDataManager.add(imageId, m as never);
  return imageId;
}

/** Series read in this page, least recently opened first (a reload reads them afresh). */
const opened = new Map<string, Promise<LoadedSeries>>();
const KEEP_SERIES = 4;

/**
 * A series' metadata (WADO-RS), registered with the image loader, so frames are then fetched one
 * by one as `wadors:` image ids with the pixel data as stored (compressed stays compressed on the
 * wire; the loader's workers decode). Viewers of the same series — the adjudication's side-by-side
 * reads, a viewer reopened — share one answer rather than each fetching and parsing it again.
 */
export function loadSeries(root: string, studyUid: string, seriesUid: string): Promise<LoadedSeries> {
  const key = `${root}/studies/${studyUid}/series/${seriesUid}`;
  const series = opened.get(key) ?? readSeries(root, studyUid, seriesUid);
  opened.delete(key);
  opened.set(key, series);
  series.catch(() => opened.get(key) === series && opened.delete(key));
  for (const old of opened.keys()) if (opened.size > KEEP_SERIES) opened.delete(old);
  return series;
}

async function readSeries(root: string, studyUid: string, seriesUid: string): Promise<LoadedSeries> {
  const instances = inSliceOrder(await getJson(`${root}/studies/${studyUid}/series/${seriesUid}/metadata`), (m) => ({
    position: numbers(m, '00200032'),
    orientation: numbers(m, '00200037'),
    instanceNumber: first<number>(m, '00200013') ?? null,
  }));
  const imageIds: string[] = [];
  const frames = new Map<string, { sopUid: string; frame: number }>();
  const byFrame = new Map<string, string>();
  const metadata = new Map<string, DicomJson>();
  for (const m of instances) {
    const sopUid = first<string>(m, '00080018')!;
    const count = Number(first<number | string>(m, '00280008') ?? 1) || 1;
    for (let f = 1; f <= count; f++) {
      const imageId = `wadors:${frameUrl(root, studyUid, seriesUid, sopUid, f)}`;
      wadors.metaDataManager.add(imageId, m as never);
      imageIds.push(imageId);
      frames.set(imageId, { sopUid, frame: f });
      byFrame.set(`${sopUid}/${f}`, imageId);
      metadata.set(imageId, m);
    }
  }
  const head = instances[0] ?? {};
  const center = numbers(head, '00281050')[0];
  const width = numbers(head, '00281051')[0];
  return {
    seriesUid,
    modality: first<string>(head, '00080060') ?? '',
    imageIds,
    frames,
    byFrame,
    metadata,
    window: center !== undefined && width !== undefined && width > 0 ? { center, width } : null,
  };
}
