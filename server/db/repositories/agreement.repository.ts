/* ── TENANT SCOPE ── every method takes orgId and filters on it. ── */
import type { AgreementDecision, ConsensusMethod, Prisma } from '@prisma/client';
import type { Db, Tx } from '../client';
import { bytes } from './bytes';

export interface NewCaseAgreement {
  orgId: string;
  projectId: string;
  caseId: string;
  engineVersion: string;
  readIds: string[];
  readerIds: string[];
  score: number | null;
  decision: AgreementDecision;
  reason: string;
  method: ConsensusMethod;
  threshold: number | null;
  /** Plain JSON (server/contracts/agreement.ts shapes). */
  items: unknown;
  consensus: unknown;
  masks: (Omit<Prisma.ConsensusMaskCreateManyInput, 'agreementId' | 'voxels'> & { voxels: Uint8Array })[];
}

const SUMMARY = { caseId: true, engineVersion: true, readIds: true, readerIds: true, score: true, decision: true, reason: true, method: true, threshold: true, computedAt: true } as const;

export const agreementRepository = {
  /** The case with what the agreement job needs of its project. */
  caseForAgreement(client: Db | Tx, orgId: string, caseId: string) {
    return client.case.findFirst({
      where: { orgId, id: caseId },
      select: { id: true, projectId: true, status: true, project: { select: { consensusMethod: true, autoAcceptThreshold: true, collaborative: true } } },
    });
  },

  /** Stores a case's agreement for an engine version, replacing an earlier one of that version. */
  async save(tx: Tx, a: NewCaseAgreement) {
    await tx.caseAgreement.deleteMany({ where: { orgId: a.orgId, caseId: a.caseId, engineVersion: a.engineVersion } });
    const { masks, ...row } = a;
    const saved = await tx.caseAgreement.create({ data: { ...row, items: row.items as Prisma.InputJsonValue, consensus: row.consensus as Prisma.InputJsonValue }, select: { id: true } });
    for (const m of masks) await tx.consensusMask.create({ data: { ...m, voxels: bytes(m.voxels), agreementId: saved.id }, select: { id: true } });
    return saved;
  },

  /** Forgets a case's agreements (its reads are no longer all in). */
  deleteOfCase(tx: Tx, orgId: string, caseId: string) {
    return tx.caseAgreement.deleteMany({ where: { orgId, caseId } });
  },

  /** Every case agreement of a project for an engine version, with the case's label and status. */
  ofProject(client: Db, orgId: string, projectId: string, engineVersion: string) {
    return client.caseAgreement.findMany({
      where: { orgId, projectId, engineVersion },
      orderBy: { computedAt: 'asc' },
      select: { ...SUMMARY, items: true, case: { select: { label: true, status: true } } },
    });
  },

  /** Which reads a case's agreement was computed from (no items: this is on the per-update access check). */
  readIdsOf(client: Db, orgId: string, projectId: string, caseId: string, engineVersion: string) {
    return client.caseAgreement.findFirst({ where: { orgId, projectId, caseId, engineVersion }, select: { readIds: true } });
  },

  ofCase(client: Db, orgId: string, projectId: string, caseId: string, engineVersion: string) {
    return client.caseAgreement.findFirst({
      where: { orgId, projectId, caseId, engineVersion },
      select: { ...SUMMARY, items: true, consensus: true, case: { select: { label: true, status: true } }, masks: { select: { labelId: true, seriesUid: true, method: true, voxelCount: true } } },
    });
  },

  /** The candidate consensus masks of a case's agreement, voxels included. */
  consensusMasks(client: Db | Tx, orgId: string, caseId: string, engineVersion: string) {
    return client.consensusMask.findMany({ where: { agreement: { orgId, caseId, engineVersion } } });
  },

  /** The case's label, status and images (for the adjudication view). */
  caseImages(client: Db, orgId: string, projectId: string, caseId: string) {
    return client.case.findFirst({
      where: { orgId, projectId, id: caseId },
      select: { label: true, status: true, seriesId: true, study: { select: { studyInstanceUid: true, series: { select: { id: true, seriesInstanceUid: true, seriesNumber: true, needsPixelReview: true, pixelReviewedAt: true } } } } },
    });
  },

  /** Agreements of the project's cases waiting for a lead. */
  inAdjudication(client: Db, orgId: string, projectId: string, engineVersion: string) {
    return client.caseAgreement.findMany({
      where: { orgId, projectId, engineVersion, case: { status: 'IN_ADJUDICATION' } },
      select: { caseId: true, score: true, reason: true, computedAt: true, threshold: true, items: true, case: { select: { label: true, priority: true } } },
    });
  },

  /** Cases whose reads are all in but that have no agreement of this engine version. */
  waiting(client: Db, orgId: string, projectId: string, engineVersion: string) {
    return client.case.findMany({
      where: { orgId, projectId, status: { in: ['READS_COMPLETE', 'IN_ADJUDICATION', 'DONE'] }, agreements: { none: { engineVersion } } },
      select: { id: true },
    });
  },
};
