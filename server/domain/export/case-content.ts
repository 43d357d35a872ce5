import { ZCandidateConsensusSchema } from '../../contracts/agreement';
import { segmentAnswers, type TAnswer, type TFinding } from '../../contracts/annotation-doc/schema';
import { db } from '../../db/client';
import { exportRepository } from '../../db/repositories/export.repository';
import { readRepository } from '../../db/repositories/read.repository';
import { ENGINE_VERSION } from '../../stats';
import { maskRowOf, type MaskRow } from '../consensus/segmentations';
import { findingOf } from '../reading/finding-row';
import { inflateVoxels } from '../reading/voxels';

/** A binary mask on its series grid (x fastest, then y, then slice), inflated, with its segment's answers. */
export type ExportMask = Omit<MaskRow, 'voxels'> & { data: Uint8Array; attributes: Record<string, TAnswer> };

/** One set of labels of a case: the final consensus, or one reader's read. */
export interface LabelSet {
  /** "consensus" or the reader's code in this snapshot (R1, R2, …). */
  source: string;
  answers: Record<string, TAnswer>;
  findings: TFinding[];
  masks: ExportMask[];
}

// Candidate consensus masks (the agreement engine's) carry no answers; reads' and decisions' do.
const inflate = (m: MaskRow): ExportMask => ({
  labelId: m.labelId,
  seriesUid: m.seriesUid,
  dims: m.dims,
  spacing: m.spacing,
  origin: m.origin,
  direction: m.direction,
  voxelCount: m.voxelCount,
  data: inflateVoxels(m.voxels, m.dims),
  attributes: m.attributes ?? {},
});

/**
 * What a case contributes to a snapshot. Its final consensus is the lead's current decision
 * where there is one, else the candidate consensus the policy accepted; a case still waiting
 * for a lead (or for reads) has none.
 */
export async function loadCase(orgId: string, caseId: string, withReads: boolean) {
  const decision = await exportRepository.decision(db(), orgId, caseId);
  const agreement = await exportRepository.agreement(db(), orgId, caseId, decision?.engineVersion ?? ENGINE_VERSION);
  let consensus: Omit<LabelSet, 'source'> | null = null;
  if (decision) consensus = { answers: decision.answers as Record<string, TAnswer>, findings: decision.findings as TFinding[], masks: decision.masks.map(inflate) };
  else if (agreement?.decision === 'ACCEPTED') {
    const c = ZCandidateConsensusSchema.parse(agreement.consensus);
    consensus = { answers: c.answers, findings: c.findings, masks: agreement.masks.map((m) => inflate({ ...m, attributes: segmentAnswers(c.segments, m) })) };
  }
  const reads = withReads || agreement || decision ? await readRepository.currentOfCase(db(), orgId, caseId) : [];
  return {
    kind: decision ? ('adjudicated' as const) : consensus ? ('accepted' as const) : ('none' as const),
    consensus,
    decision,
    agreement,
    reads: reads.map((r) => ({
      id: r.id,
      readerId: r.readerId,
      revision: r.revision,
      schemaVersion: r.schemaVersion,
      submittedAt: r.submittedAt,
      answers: Object.fromEntries(r.answers.map((a) => [a.questionId, a.value as TAnswer])),
      findings: r.findings.map(findingOf),
      masks: withReads ? r.masks.map((m) => inflate(maskRowOf(m))) : [],
    })),
  };
}
export type CaseContent = Awaited<ReturnType<typeof loadCase>>;
