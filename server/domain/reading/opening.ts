import { inSliceOrder, middleFrame } from '../../contracts/slice-order';
import { assignmentReadRepository } from '../../db/repositories/assignment.repository';

interface SeriesRow {
  id: string;
  seriesInstanceUid: string;
  seriesNumber: number | null;
  needsPixelReview: boolean;
  pixelReviewedAt: Date | null;
}

/**
 * Where the viewer opens a case — its series and that series' middle image — sent with the case
 * (reading and adjudication) so the page can have the browser fetch them while its scripts load,
 * and the viewer need not list the study's series first.
 */
export async function caseOpening(orgId: string, caseSeriesId: string | null, series: SeriesRow[]) {
  const open = openSeries(caseSeriesId, series);
  return {
    openSeriesUid: open?.seriesInstanceUid ?? null,
    // Not for a series awaiting pixel review: readers may not see it (DICOMweb answers them 404).
    openImage: open && (!open.needsPixelReview || open.pixelReviewedAt) ? await middleImage(orgId, open.id) : null,
  };
}

/** The case's own series, else the study's lowest-numbered one a reader may see (not awaiting pixel review). */
function openSeries(caseSeriesId: string | null, series: SeriesRow[]): SeriesRow | null {
  if (caseSeriesId) return series.find((s) => s.id === caseSeriesId) ?? null;
  const visible = series.filter((s) => !s.needsPixelReview || s.pixelReviewedAt);
  visible.sort((x, y) => (x.seriesNumber ?? 0) - (y.seriesNumber ?? 0) || x.seriesInstanceUid.localeCompare(y.seriesInstanceUid));
  return visible[0] ?? null;
}

async function middleImage(orgId: string, seriesId: string) {
  const slices = await assignmentReadRepository.seriesSlices(orgId, seriesId);
  const ordered = inSliceOrder(slices, (s) => ({ position: s.imagePosition, orientation: s.imageOrientation, instanceNumber: s.instanceNumber }));
  return middleFrame(ordered.map((s) => ({ sopUid: s.sopInstanceUid, frames: s.numberOfFrames })));
}
