import { ZAgreementItemSchema, type TAdjudicationQueue, type TAgreementItem } from '../../contracts/agreement';
import { db } from '../../db/client';
import { agreementRepository } from '../../db/repositories/agreement.repository';
import { ENGINE_VERSION } from '../../stats';
import type { ProjectContext } from '../projects/context';

/** Items the readers did not fully agree on: agreement below 1, or a tie. */
function disputed(items: TAgreementItem[]) {
  return items
    .filter((i) => (i.agreement !== null && i.agreement < 1 - 1e-12) || (i.kind === 'question' && i.reason?.startsWith('tie')))
    .map((i) => ({ id: i.id, name: i.name, kind: i.kind === 'question' ? `question:${i.type}` : i.kind, agreement: i.agreement }));
}

/**
 * The lead's queue: cases whose consensus the policy did not accept, highest priority first,
 * then the largest disagreement (lowest score). Optionally only cases disputed on one question
 * or label.
 */
export async function adjudicationQueue(ctx: ProjectContext, filter: { item?: string }): Promise<TAdjudicationQueue> {
  const rows = await agreementRepository.inAdjudication(db(), ctx.orgId, ctx.projectId, ENGINE_VERSION);
  const all = rows.map((r) => ({
    caseId: r.caseId,
    label: r.case.label,
    priority: r.case.priority,
    score: r.score,
    reason: r.reason,
    computedAt: r.computedAt,
    disputed: disputed(ZAgreementItemSchema.array().parse(r.items)),
  }));
  const byItem = new Map<string, { id: string; name: string; kind: string; cases: number }>();
  for (const c of all) for (const d of new Map(c.disputed.map((x) => [x.id, x])).values()) {
    const e = byItem.get(d.id) ?? byItem.set(d.id, { id: d.id, name: d.name, kind: d.kind, cases: 0 }).get(d.id)!;
    e.cases++;
  }
  const items = all
    .filter((c) => !filter.item || c.disputed.some((d) => d.id === filter.item))
    .sort((a, b) => b.priority - a.priority || (a.score ?? -1) - (b.score ?? -1) || a.label.localeCompare(b.label));
  return { items, total: all.length, byItem: [...byItem.values()].sort((a, b) => b.cases - a.cases || a.name.localeCompare(b.name)) };
}
