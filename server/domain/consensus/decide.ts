import * as Y from 'yjs';
import { ZAgreementItemSchema, ZCandidateConsensusSchema, type TAgreementItem, type TDecideInput, type TDecision } from '../../contracts/agreement';
import { invalidEntries, readDoc } from '../../contracts/annotation-doc/doc';
import { migrateDoc } from '../../contracts/annotation-doc/migrate';
import { readProblems } from '../../contracts/annotation-doc/validate';
import type { TAnswer, TFinding } from '../../contracts/annotation-doc/schema';
import { ZLabelSchemaSchema } from '../../contracts/label-schema';
import { db, transaction } from '../../db/client';
import { agreementRepository } from '../../db/repositories/agreement.repository';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { caseRepository } from '../../db/repositories/case.repository';
import { decisionRepository, type NewDecision } from '../../db/repositories/decision.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { readRepository } from '../../db/repositories/read.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { ENGINE_VERSION } from '../../stats';
import { recordAudit } from '../audit/record';
import { loadDoc } from '../reading/doc-store';
import { findingOf } from '../reading/finding-row';
import { buildMasks } from '../reading/masks';
import type { ProjectContext } from '../projects/context';
import { consensusDocAccess, ensureConsensusDoc } from './consensus-doc';

/**
 * A lead finalizes a case: per question and label, the candidate consensus or one reader's
 * version (answers, findings, masks), with an optional reason. The result is stored as the
 * case's next decision version with its adjudication record (the reads, the disagreement
 * figures, who decided, when and why); the previous version is superseded and the case is DONE.
 */
export async function decideCase(ctx: ProjectContext, input: TDecideInput, now = new Date()): Promise<{ version: number }> {
  const agreement = await agreementRepository.ofCase(db(), ctx.orgId, ctx.projectId, input.caseId, ENGINE_VERSION);
  if (!agreement) throw notFound('Case agreement');
  if (agreement.case.status !== 'IN_ADJUDICATION' && agreement.case.status !== 'DONE') throw new DomainError('PRECONDITION_FAILED', 'This case is not waiting for a decision');
  const items = ZAgreementItemSchema.array().parse(agreement.items);
  const candidate = ZCandidateConsensusSchema.parse(agreement.consensus);
  const versions = await projectRepository.schemaVersions(db(), ctx.orgId, ctx.projectId);
  const reads = await readRepository.currentOfCase(db(), ctx.orgId, input.caseId);
  const schemaRow = versions.find((v) => v.version === Math.max(...reads.map((r) => r.schemaVersion)));
  if (!schemaRow) throw notFound('Schema version');
  const schema = ZLabelSchemaSchema.parse(schemaRow.schema);

  const sources: Record<string, string> = {};
  const wrong: string[] = [];
  const itemKeys = new Set([...schema.questions.map((q) => `question:${q.id}`), ...schema.labels.map((l) => `label:${l.id}`)]);
  for (const c of input.choices) {
    if (!itemKeys.has(c.item)) wrong.push(`${c.item} is not a question or label of this case’s schema`);
    else if (c.source !== 'consensus' && !agreement.readerIds.includes(c.source.slice('reader:'.length))) wrong.push(`${c.source} did not read this case`);
    else sources[c.item] = c.source;
  }
  if (wrong.length) throw new DomainError('BAD_REQUEST', wrong.join('; '));
  const readOf = (source: string) => reads.find((r) => r.readerId === source.slice('reader:'.length))!;

  const answers: Record<string, TAnswer> = {};
  for (const q of schema.questions) {
    const source = (sources[`question:${q.id}`] ??= 'consensus');
    const value = source === 'consensus' ? candidate.answers[q.id] : (readOf(source).answers.find((a) => a.questionId === q.id)?.value as TAnswer | undefined);
    const item = items.find((i) => i.kind === 'question' && i.id === q.id);
    if (source === 'consensus' && value === undefined && item?.kind === 'question' && item.answers.some((a) => a.value !== null && a.value !== '')) {
      if (q.type !== 'text') wrong.push(`Choose an answer for “${q.text}”: the readers’ answers have no consensus`);
      continue;
    }
    if (value !== undefined) answers[q.id] = value;
  }
  if (wrong.length) throw new DomainError('BAD_REQUEST', wrong.join('; '));

  const findings: TFinding[] = [];
  const consensusMasks = await agreementRepository.consensusMasks(db(), ctx.orgId, input.caseId, ENGINE_VERSION);
  const masks: NewDecision['masks'] = [];
  for (const l of schema.labels) {
    const source = (sources[`label:${l.id}`] ??= 'consensus');
    if (l.kind === 'segmentation') {
      const from = source === 'consensus' ? consensusMasks.filter((m) => m.labelId === l.id) : readOf(source).masks.filter((m) => m.labelId === l.id);
      for (const m of from) masks.push({ labelId: m.labelId, seriesUid: m.seriesUid, source, dims: m.dims, spacing: m.spacing, origin: m.origin, direction: m.direction, voxelCount: m.voxelCount, voxels: m.voxels });
    } else {
      findings.push(...(source === 'consensus' ? candidate.findings.filter((f) => f.labelId === l.id) : readOf(source).findings.filter((f) => f.labelId === l.id).map(findingOf)));
    }
  }

  return saveDecision(ctx, agreement, items, { sources, answers, findings, masks, reason: input.reason, snapshot: null }, now);
}

type Agreement = NonNullable<Awaited<ReturnType<typeof agreementRepository.ofCase>>>;
type Content = Pick<NewDecision, 'sources' | 'answers' | 'findings' | 'masks' | 'reason' | 'snapshot'>;

/** Stores the next decision version with its adjudication record, unless the reads changed since the agreement; the case is DONE. */
async function saveDecision(ctx: ProjectContext, agreement: Agreement, items: TAgreementItem[], content: Content, now: Date) {
  const saved = await transaction(async (tx) => {
    await assignmentRepository.lockProject(tx, ctx.orgId, ctx.projectId);
    const current = (await readRepository.currentOfCase(tx, ctx.orgId, agreement.caseId)).map((r) => r.id);
    if (current.join() !== agreement.readIds.join()) throw new DomainError('CONFLICT', 'The case’s reads changed meanwhile; reload and decide again');
    const d = await decisionRepository.create(
      tx,
      {
        orgId: ctx.orgId,
        projectId: ctx.projectId,
        caseId: agreement.caseId,
        decidedById: ctx.actor.id,
        readIds: agreement.readIds,
        readerIds: agreement.readerIds,
        score: agreement.score,
        engineVersion: agreement.engineVersion,
        figures: { decision: agreement.decision, reason: agreement.reason, threshold: agreement.threshold, method: agreement.method, items },
        ...content,
      },
      now,
    );
    await caseRepository.setStatus(tx, ctx.orgId, agreement.caseId, 'DONE');
    return d;
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'case.decided', targetType: 'case', targetId: agreement.caseId, data: { version: saved.version, sources: content.sources, reason: content.reason } });
  return { version: saved.version };
}

/**
 * A lead finalizes the case's consensus document as it is stored now (what the collaboration
 * server acknowledged): validated against the label schema like a read, materialised into the
 * decision (answers, findings, masks), with the document's state kept as the version's snapshot.
 */
export async function finalizeConsensus(ctx: ProjectContext, input: { caseId: string; reason: string }, now = new Date()): Promise<{ version: number }> {
  const access = await consensusDocAccess(ctx.actor.id, ctx.orgId, input.caseId);
  if (!access || access.projectId !== ctx.projectId) throw notFound('Case agreement');
  if (access.mode !== 'rw') throw new DomainError('PRECONDITION_FAILED', 'This case is not waiting for a decision');
  const agreement = await agreementRepository.ofCase(db(), ctx.orgId, ctx.projectId, input.caseId, ENGINE_VERSION);
  if (!agreement) throw notFound('Case agreement');
  await ensureConsensusDoc(access);
  const doc = await loadDoc(access.docName);
  migrateDoc(doc, { labelSchemaVersion: access.schemaVersion });
  const bad = invalidEntries(doc);
  if (bad.length) throw new DomainError('BAD_REQUEST', `The consensus document has entries that cannot be read: ${bad.slice(0, 5).join(', ')}`);
  const view = readDoc(doc);
  const schemaRow = (await projectRepository.schemaVersions(db(), ctx.orgId, ctx.projectId)).find((v) => v.version === (view.labelSchemaVersion ?? access.schemaVersion));
  if (!schemaRow) throw notFound('Schema version');
  const schema = ZLabelSchemaSchema.parse(schemaRow.schema);
  const problems = readProblems(schema, view);
  if (problems.length) throw new DomainError('BAD_REQUEST', `Not ready to finalize: ${problems.join('; ')}`);
  const segLabels = schema.labels.filter((l) => l.kind === 'segmentation').map((l) => l.id);
  const masks = (await buildMasks(ctx.orgId, ctx.projectId, view.strokes, segLabels, view.segments)).map((m) => ({ ...m, source: 'document' }));
  const sources = Object.fromEntries([...schema.questions.map((q) => `question:${q.id}`), ...schema.labels.map((l) => `label:${l.id}`)].map((k) => [k, 'document']));
  const items = ZAgreementItemSchema.array().parse(agreement.items);
  return saveDecision(ctx, agreement, items, { sources, answers: view.answers, findings: view.findings, masks, reason: input.reason, snapshot: Y.encodeStateAsUpdate(doc) }, now);
}

/** Every decision version of a case, newest first, with who decided. */
export async function decisionHistory(ctx: ProjectContext, caseId: string): Promise<TDecision[]> {
  const rows = await decisionRepository.history(db(), ctx.orgId, ctx.projectId, caseId);
  const names = await userRepository.names(db(), rows.map((r) => r.decidedById));
  return rows.map((r) => ({
    id: r.id,
    version: r.version,
    decidedBy: names.get(r.decidedById) ?? 'Former member',
    reason: r.reason,
    createdAt: r.createdAt,
    supersededAt: r.supersededAt,
    score: r.score,
    sources: r.sources as Record<string, string>,
    answers: r.answers as Record<string, TAnswer>,
    findings: (r.findings as unknown[]).length,
    masks: r.masks,
  }));
}
