import type { TAnswer } from '../../contracts/annotation-doc/schema';
import type { TCaseRow, TCaseStatus } from '../../contracts/project';
import { db } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { caseRepository } from '../../db/repositories/case.repository';
import { DomainError } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';

/** Adds a case by hand (label and priority); cases from DICOM ingest arrive the same way later. */
export async function createCase(ctx: ProjectContext, input: { label: string; priority: number }) {
  if (await caseRepository.labelTaken(db(), ctx.orgId, ctx.projectId, input.label)) {
    throw new DomainError('CONFLICT', 'A case with this label already exists', { label: ['A case with this label already exists'] });
  }
  const created = await caseRepository.create(db(), ctx.orgId, ctx.projectId, input);
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'case.created', targetType: 'case', targetId: created.id });
  return created;
}

/** A page of the project's cases with their readers (names visible to managers and leads). */
export async function listCases(ctx: ProjectContext, opts: { cursor?: string; limit: number; status?: TCaseStatus }) {
  const [page, stats] = await Promise.all([caseRepository.page(db(), ctx.orgId, ctx.projectId, opts), assignmentRepository.stats(db(), ctx.orgId, ctx.projectId)]);
  const total = stats.filter((s) => s.kind === 'case' && (!opts.status || s.status === opts.status)).reduce((n, s) => n + s.n, 0);
  const items: TCaseRow[] = page.items.map((c) => ({
    id: c.id,
    label: c.label,
    priority: c.priority,
    status: c.status,
    goldAnswers: c.goldAnswers as Record<string, TAnswer> | null,
    createdAt: c.createdAt,
    images: c.study ? { studyInstanceUid: c.study.studyInstanceUid, seriesInstanceUid: c.study.series.find((s) => s.id === c.seriesId)?.seriesInstanceUid ?? null } : null,
    assignments: c.assignments.map((a) => ({ id: a.id, status: a.status, readerId: a.reader.id, readerName: a.reader.name })),
    flags: c.flags.map((f) => ({ id: f.id, kind: f.kind, note: f.note, createdAt: f.createdAt, readerName: c.assignments.find((a) => a.reader.id === f.readerId)?.reader.name ?? null })),
  }));
  return { items, nextCursor: page.nextCursor, total };
}
