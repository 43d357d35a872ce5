import type { TAnswer } from '../../contracts/annotation-doc/schema';
import { ZLabelSchemaSchema } from '../../contracts/label-schema';
import { db, transaction } from '../../db/client';
import { agreementRepository } from '../../db/repositories/agreement.repository';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { caseRepository } from '../../db/repositories/case.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { readRepository, seriesGeometryRepository } from '../../db/repositories/read.repository';
import { enqueue } from '../../jobs/queue';
import { caseAgreementJob } from '../../jobs/definitions/case-agreement';
import { ENGINE_VERSION } from '../../stats';
import { recordAudit } from '../audit/record';
import { caseAgreement } from './case-agreement';
import type { FindingRow, PlaneOf } from './objects';
import { maskRowOf } from './segmentations';

const COMPLETE = ['READS_COMPLETE', 'IN_ADJUDICATION', 'DONE'];

/** Queues the agreement of a case (jobs for one case collapse into one). */
export function queueCaseAgreement(orgId: string, projectId: string, caseId: string) {
  return enqueue(caseAgreementJob, { orgId, projectId, caseId }, { key: caseId });
}

/**
 * The agreement job: compares the current reads of a case, stores the figures and the
 * candidate consensus under the engine's version, and moves a case whose reads just came in to
 * DONE (consensus accepted) or IN_ADJUDICATION. Idempotent; a case whose reads changed while it
 * ran (a read reopened) is left alone — its next submit queues it again.
 */
export async function computeCaseAgreement(payload: { orgId: string; projectId: string; caseId: string }) {
  const { orgId, caseId } = payload;
  const c = await agreementRepository.caseForAgreement(db(), orgId, caseId);
  if (!c || c.projectId !== payload.projectId || !COMPLETE.includes(c.status)) return;
  const reads = await readRepository.currentOfCase(db(), orgId, caseId);
  if (!reads.length) return;
  const version = Math.max(...reads.map((r) => r.schemaVersion));
  const schemaRow = (await projectRepository.schemaVersions(db(), orgId, c.projectId)).find((v) => v.version === version);
  if (!schemaRow) throw new Error(`label schema version ${version} of project ${c.projectId} is missing`);
  const schema = ZLabelSchemaSchema.parse(schemaRow.schema);

  const result = caseAgreement(
    schema,
    reads.map((r) => ({
      readId: r.id,
      readerId: r.readerId,
      answers: Object.fromEntries(r.answers.map((a) => [a.questionId, a.value as TAnswer])),
      findings: r.findings as unknown as FindingRow[],
      masks: r.masks.map(maskRowOf),
    })),
    { method: c.project.consensusMethod, threshold: c.project.autoAcceptThreshold, collaborative: c.project.collaborative },
    await planesOf(orgId, c.projectId, reads.flatMap((r) => r.findings.filter((f) => f.kind === 'box').map((f) => f.seriesUid))),
  );

  const readIds = reads.map((r) => r.id);
  const moved = await transaction(async (tx) => {
    await assignmentRepository.lockProject(tx, orgId, c.projectId);
    const now = await agreementRepository.caseForAgreement(tx, orgId, caseId);
    const current = (await readRepository.currentOfCase(tx, orgId, caseId)).map((r) => r.id);
    if (!now || !COMPLETE.includes(now.status) || current.join() !== readIds.join()) return null;
    await agreementRepository.save(tx, {
      orgId,
      projectId: c.projectId,
      caseId,
      engineVersion: ENGINE_VERSION,
      readIds,
      readerIds: reads.map((r) => r.readerId),
      score: result.score,
      decision: result.decision,
      reason: result.reason,
      method: c.project.consensusMethod,
      threshold: c.project.autoAcceptThreshold,
      items: result.items,
      consensus: result.consensus,
      masks: result.masks,
    });
    if (now.status !== 'READS_COMPLETE') return now.status;
    const next = result.decision === 'ACCEPTED' ? 'DONE' : 'IN_ADJUDICATION';
    await caseRepository.setStatus(tx, orgId, caseId, next);
    return next;
  });
  if (moved) {
    await recordAudit({ orgId, action: 'case.agreement_computed', targetType: 'case', targetId: caseId, data: { engineVersion: ENGINE_VERSION, score: result.score, decision: result.decision, reason: result.reason, status: moved } });
  }
}

/** Image orientation of every instance of the given series, by SOP instance UID. */
async function planesOf(orgId: string, projectId: string, seriesUids: string[]): Promise<PlaneOf> {
  const planes = new Map<string, { row: number[]; col: number[] }>();
  for (const uid of new Set(seriesUids)) {
    for (const s of await seriesGeometryRepository.slices(db(), orgId, projectId, uid)) {
      if (s.imageOrientation.length === 6) planes.set(s.sopInstanceUid, { row: s.imageOrientation.slice(0, 3), col: s.imageOrientation.slice(3) });
    }
  }
  return (sop) => planes.get(sop) ?? null;
}
