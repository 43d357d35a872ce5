import type { StudyFilter } from '../../db/repositories/dicomweb.repository';

type Json = Record<string, { vr: string; Value?: unknown[] }>;

const str = (vr: string, v: string | null | undefined) => (v ? { vr, Value: [v] } : { vr });
const num = (vr: string, v: number | null | undefined) => (v === null || v === undefined ? { vr } : { vr, Value: [v] });

export function studyJson(s: { studyInstanceUid: string; patientId: string; studyDate: string | null; studyTime: string | null; studyDescription: string | null; accessionNumber: string | null; series: { modality: string; _count: { instances: number } }[] }, base: string): Json {
  return {
    '00080020': str('DA', s.studyDate),
    '00080030': str('TM', s.studyTime),
    '00080050': str('SH', s.accessionNumber),
    '00080061': { vr: 'CS', Value: [...new Set(s.series.map((x) => x.modality))] },
    '00081030': str('LO', s.studyDescription),
    '00081190': str('UR', `${base}/studies/${s.studyInstanceUid}`),
    '00100010': { vr: 'PN', Value: [{ Alphabetic: s.patientId }] },
    '00100020': str('LO', s.patientId),
    '0020000D': str('UI', s.studyInstanceUid),
    '00201206': num('IS', s.series.length),
    '00201208': num('IS', s.series.reduce((n, x) => n + x._count.instances, 0)),
  };
}

export function seriesJson(s: { seriesInstanceUid: string; modality: string; seriesNumber: number | null; seriesDescription: string | null; study: { studyInstanceUid: string }; _count: { instances: number } }, base: string): Json {
  return {
    '00080060': str('CS', s.modality),
    '0008103E': str('LO', s.seriesDescription),
    '00081190': str('UR', `${base}/studies/${s.study.studyInstanceUid}/series/${s.seriesInstanceUid}`),
    '0020000D': str('UI', s.study.studyInstanceUid),
    '0020000E': str('UI', s.seriesInstanceUid),
    '00200011': num('IS', s.seriesNumber),
    '00201209': num('IS', s._count.instances),
  };
}

const INSTANCE_KEYS = ['00080016', '00080018', '00080060', '00200013', '00280008', '00280010', '00280011', '00280100', '00020010'];

export function instanceJson(i: { sopInstanceUid: string; metadata: unknown; series: { seriesInstanceUid: string; study: { studyInstanceUid: string } } }, base: string): Json {
  const meta = i.metadata as Json;
  const out: Json = {};
  for (const k of INSTANCE_KEYS) if (meta[k]) out[k] = meta[k]!;
  out['0020000D'] = str('UI', i.series.study.studyInstanceUid);
  out['0020000E'] = str('UI', i.series.seriesInstanceUid);
  out['00081190'] = str('UR', `${base}/studies/${i.series.study.studyInstanceUid}/series/${i.series.seriesInstanceUid}/instances/${i.sopInstanceUid}`);
  return out;
}

/** QIDO-RS query keys by keyword or tag (PS3.18 8.3.4), paging by limit/offset. */
export function queryOf(url: URL) {
  const q = (keyword: string, tag: string) => url.searchParams.get(keyword) ?? url.searchParams.get(tag) ?? undefined;
  const limit = Math.min(1000, Math.max(1, parseInt(url.searchParams.get('limit') ?? '100', 10) || 100));
  const offset = Math.max(0, parseInt(url.searchParams.get('offset') ?? '0', 10) || 0);
  const date = q('StudyDate', '00080020');
  const [from, to] = date?.includes('-') ? date.split('-') : [date, date];
  const uids = q('StudyInstanceUID', '0020000D');
  const filter: StudyFilter = {
    limit,
    offset,
    ...(uids ? { studyInstanceUid: uids.split(/[,\\]/) } : {}),
    ...(q('PatientID', '00100020') ? { patientId: q('PatientID', '00100020') } : {}),
    ...(q('AccessionNumber', '00080050') ? { accessionNumber: q('AccessionNumber', '00080050') } : {}),
    ...(q('ModalitiesInStudy', '00080061') ? { modality: q('ModalitiesInStudy', '00080061') } : {}),
    ...(from ? { studyDateFrom: from } : {}),
    ...(to ? { studyDateTo: to } : {}),
  };
  return { filter, modality: q('Modality', '00080060'), seriesInstanceUid: q('SeriesInstanceUID', '0020000E'), sopInstanceUid: q('SOPInstanceUID', '00080018'), limit, offset };
}
