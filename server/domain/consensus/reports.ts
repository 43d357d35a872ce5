import { ZAgreementItemSchema, ZCandidateConsensusSchema, type TAgreementItem, type TCaseAgreement, type TProjectReport } from '../../contracts/agreement';
import { ZLabelSchemaSchema } from '../../contracts/label-schema';
import { db } from '../../db/client';
import { agreementRepository } from '../../db/repositories/agreement.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { notFound } from '../../errors/domain-error';
import { csvCell } from '../../contracts/csv';
import { ENGINE_VERSION } from '../../stats';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';
import { queueCaseAgreement } from './compute';
import { buildProjectReport } from './project-report';

const itemsOf = (json: unknown): TAgreementItem[] => ZAgreementItemSchema.array().parse(json);

async function currentSchema(ctx: ProjectContext) {
  const versions = await projectRepository.schemaVersions(db(), ctx.orgId, ctx.projectId);
  return ZLabelSchemaSchema.parse(versions.at(-1)?.schema ?? {});
}

/** The project's agreement report (current engine version). */
export async function projectReport(ctx: ProjectContext): Promise<TProjectReport> {
  const rows = await agreementRepository.ofProject(db(), ctx.orgId, ctx.projectId, ENGINE_VERSION);
  const waiting = (await agreementRepository.waiting(db(), ctx.orgId, ctx.projectId, ENGINE_VERSION)).length;
  const names = await userRepository.names(db(), rows.flatMap((r) => r.readerIds));
  return buildProjectReport(
    await currentSchema(ctx),
    rows.map((r) => ({ caseId: r.caseId, label: r.case.label, status: r.case.status, score: r.score, decision: r.decision, reason: r.reason, computedAt: r.computedAt, readerIds: r.readerIds, items: itemsOf(r.items) })),
    names,
    waiting,
    ENGINE_VERSION,
  );
}

/** One case's agreement and candidate consensus, with its readers' names. */
export async function caseAgreementOf(ctx: ProjectContext, caseId: string): Promise<TCaseAgreement> {
  const r = await agreementRepository.ofCase(db(), ctx.orgId, ctx.projectId, caseId, ENGINE_VERSION);
  if (!r) throw notFound('Case agreement');
  const names = await userRepository.names(db(), r.readerIds);
  return {
    caseId: r.caseId,
    caseLabel: r.case.label,
    caseStatus: r.case.status,
    engineVersion: r.engineVersion,
    computedAt: r.computedAt,
    readers: r.readerIds.map((id, i) => ({ readerId: id, name: names.get(id) ?? 'Former member', readId: r.readIds[i]! })),
    score: r.score,
    decision: r.decision,
    reason: r.reason,
    method: r.method,
    threshold: r.threshold,
    items: itemsOf(r.items),
    consensus: ZCandidateConsensusSchema.parse(r.consensus),
    masks: r.masks,
  };
}

/** Queues the agreement of every case whose reads are in but that has none of this engine version. */
export async function recomputeWaiting(ctx: ProjectContext) {
  const cases = await agreementRepository.waiting(db(), ctx.orgId, ctx.projectId, ENGINE_VERSION);
  for (const c of cases) await queueCaseAgreement(ctx.orgId, ctx.projectId, c.id);
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'project.agreement_requeued', targetType: 'project', targetId: ctx.projectId, data: { cases: cases.length } });
  return { queued: cases.length };
}

/** An item's candidate consensus in one CSV cell: the answer, the mask's method and volume, or how many findings. */
export function consensusText(i: TAgreementItem) {
  if (i.kind === 'question') return Array.isArray(i.consensus) ? i.consensus.join(';') : i.consensus;
  if (i.kind === 'segmentation') return i.consensus ? `${i.consensus.method} ${i.consensus.volumeMl.toFixed(3)} ml` : null;
  return `${i.clusters.filter((c) => c.consensus).length} findings`;
}

/** One line per case and item: the figures behind the report, for a spreadsheet or R. */
export async function projectReportCsv(ctx: ProjectContext) {
  const rows = await agreementRepository.ofProject(db(), ctx.orgId, ctx.projectId, ENGINE_VERSION);
  const lines = [['case', 'status', 'decision', 'case_score', 'item_kind', 'item_id', 'item', 'series_uid', 'agreement', 'consensus', 'note'].join(',')];
  for (const r of rows) {
    for (const i of itemsOf(r.items)) {
      lines.push([r.case.label, r.case.status, r.decision, r.score, i.kind, i.id, i.name, i.kind === 'segmentation' ? i.seriesUid : '', i.agreement, consensusText(i), i.reason].map(csvCell).join(','));
    }
  }
  return { filename: `agreement-${ctx.projectId}-engine${ENGINE_VERSION}.csv`, csv: `${lines.join('\n')}\n` };
}
