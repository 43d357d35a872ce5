/* ── TENANT SCOPE ── every method takes orgId and filters on it. ── */
import type { Prisma } from '@prisma/client';
import type { Db, Tx } from '../client';
import { bytes } from './bytes';

export interface NewDecision {
  orgId: string;
  projectId: string;
  caseId: string;
  decidedById: string;
  reason: string;
  readIds: string[];
  readerIds: string[];
  score: number | null;
  engineVersion: string;
  /** Plain JSON: the agreement figures, item → source, answers, findings. */
  figures: unknown;
  sources: Record<string, string>;
  answers: unknown;
  findings: unknown;
  /** The consensus document's state when the decision was finalized from it. */
  snapshot: Uint8Array | null;
  masks: { labelId: string; seriesUid: string; source: string; dims: number[]; spacing: number[]; origin: number[]; direction: number[]; voxelCount: number; voxels: Uint8Array }[];
}

export const decisionRepository = {
  /** Adds the case's next decision version and supersedes the current one. */
  async create(tx: Tx, d: NewDecision, now: Date) {
    const last = await tx.caseDecision.findFirst({ where: { orgId: d.orgId, caseId: d.caseId }, orderBy: { version: 'desc' }, select: { version: true } });
    await decisionRepository.supersede(tx, d.orgId, d.caseId, now);
    const { masks, snapshot, ...row } = d;
    const json = (v: unknown) => v as Prisma.InputJsonValue;
    const saved = await tx.caseDecision.create({
      data: { ...row, snapshot: snapshot ? bytes(snapshot) : null, figures: json(row.figures), answers: json(row.answers), findings: json(row.findings), version: (last?.version ?? 0) + 1, createdAt: now },
      select: { id: true, version: true },
    });
    for (const m of masks) await tx.decisionMask.create({ data: { ...m, voxels: bytes(m.voxels), decisionId: saved.id }, select: { id: true } });
    return saved;
  },

  supersede(tx: Tx, orgId: string, caseId: string, now: Date) {
    return tx.caseDecision.updateMany({ where: { orgId, caseId, supersededAt: null }, data: { supersededAt: now } });
  },

  /** Every version of a case's decision, newest first. */
  history(client: Db, orgId: string, projectId: string, caseId: string) {
    return client.caseDecision.findMany({
      where: { orgId, projectId, caseId },
      orderBy: { version: 'desc' },
      select: { id: true, version: true, decidedById: true, reason: true, createdAt: true, supersededAt: true, score: true, sources: true, answers: true, findings: true, masks: { select: { labelId: true, seriesUid: true, source: true, voxelCount: true } } },
    });
  },
};

export const commentRepository = {
  create(client: Db, c: { orgId: string; projectId: string; caseId: string; item: string; authorId: string; body: string; mentions: string[] }) {
    return client.caseComment.create({ data: c, select: { id: true } });
  },

  /** A case's comments, oldest first. */
  ofCase(client: Db, orgId: string, projectId: string, caseId: string) {
    return client.caseComment.findMany({ where: { orgId, projectId, caseId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  },

  /** Resolves an item's open thread; returns how many comments it closed. */
  async resolve(client: Db, orgId: string, caseId: string, item: string, userId: string, now: Date) {
    const r = await client.caseComment.updateMany({ where: { orgId, caseId, item, resolvedAt: null }, data: { resolvedAt: now, resolvedById: userId } });
    return r.count;
  },
};

export const inviteRepository = {
  /** Idempotent: inviting someone already invited changes nothing. */
  async add(client: Db, i: { orgId: string; projectId: string; caseId: string; userId: string; invitedById: string }) {
    const existing = await client.adjudicationInvite.findUnique({ where: { caseId_userId: { caseId: i.caseId, userId: i.userId } }, select: { id: true } });
    return existing ? { id: existing.id, created: false } : { id: (await client.adjudicationInvite.create({ data: i, select: { id: true } })).id, created: true };
  },

  async remove(client: Db, orgId: string, caseId: string, userId: string) {
    return (await client.adjudicationInvite.deleteMany({ where: { orgId, caseId, userId } })).count;
  },

  ofCase(client: Db, orgId: string, caseId: string) {
    return client.adjudicationInvite.findMany({ where: { orgId, caseId }, orderBy: { createdAt: 'asc' }, select: { userId: true, createdAt: true } });
  },

  async exists(client: Db, orgId: string, caseId: string, userId: string) {
    return (await client.adjudicationInvite.count({ where: { orgId, caseId, userId } })) > 0;
  },

  /** A user's invitations in an organization, to cases still waiting for a decision. */
  openOfUser(client: Db, orgId: string, userId: string) {
    return client.adjudicationInvite.findMany({
      where: { orgId, userId, case: { status: 'IN_ADJUDICATION' } },
      orderBy: { createdAt: 'desc' },
      select: { caseId: true, projectId: true, createdAt: true, case: { select: { label: true, project: { select: { name: true } } } } },
    });
  },
};
