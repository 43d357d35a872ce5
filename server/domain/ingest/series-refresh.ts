import { db } from '../../db/client';
import { dicomRepository } from '../../db/repositories/dicom.repository';
import { checkSeriesQuality } from '../../dicom/quality';

/**
 * The series job: re-runs the quality checks over every instance indexed so far and creates
 * the series' case (or its study's) if it has none. Idempotent, so retries and repeats are safe.
 */
export async function refreshSeries(payload: { orgId: string; projectId: string; seriesId: string }) {
  const series = await dicomRepository.seriesForRefresh(db(), payload.orgId, payload.seriesId);
  if (!series) return; // deleted meanwhile
  const report = checkSeriesQuality(
    series.instances.map((i) => ({
      instanceNumber: i.instanceNumber,
      modality: i.modality ?? series.modality,
      imagePosition: i.imagePosition,
      imageOrientation: i.imageOrientation,
      pixelSpacing: i.pixelSpacing,
      numberOfFrames: i.numberOfFrames,
    })),
  );
  await dicomRepository.saveQuality(db(), payload.orgId, series.id, report);
  const bySeries = series.study.project.caseGrouping === 'SERIES';
  const date = series.study.studyDate ? `${series.study.studyDate.slice(0, 4)}-${series.study.studyDate.slice(4, 6)}-${series.study.studyDate.slice(6, 8)}` : 'no date';
  const uid = bySeries ? series.seriesInstanceUid : series.study.studyInstanceUid;
  // Labels are unique per project; the tail of the (replacement) UID keeps them apart.
  const label = `${series.study.patientId} ${series.modality} ${date} ·${uid.slice(-6)}`;
  await dicomRepository.ensureCase(db(), { orgId: payload.orgId, projectId: payload.projectId, studyId: series.studyId, seriesId: bySeries ? series.id : null, label });
}
