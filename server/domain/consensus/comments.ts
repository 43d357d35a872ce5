import type { TComment } from '../../contracts/agreement';
import { db } from '../../db/client';
import { commentRepository } from '../../db/repositories/decision.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { DomainError } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { ProjectContext } from '../projects/context';
import { readerNames } from './aliases';
import { requireConsensusAccess } from './consensus-doc';

/**
 * Comment threads on a case under adjudication, one per item of its consensus. Whoever may open
 * the consensus document reads and writes them (leads, managers, org admins, invited readers,
 * who see other readers' comments under their aliases in a blinded project); resolving a thread
 * is part of deciding, so it is for the leads who may edit the document.
 */
const access = requireConsensusAccess;

export async function caseComments(ctx: ProjectContext, caseId: string): Promise<TComment[]> {
  const a = await access(ctx, caseId);
  const rows = await commentRepository.ofCase(db(), ctx.orgId, ctx.projectId, caseId);
  const names = await userRepository.names(db(), [...new Set(rows.flatMap((r) => [r.authorId, ...r.mentions, ...(r.resolvedById ? [r.resolvedById] : [])]))]);
  const readers = readerNames(a, ctx.actor.id, names);
  const name = (id: string) => readers.get(id)?.name ?? names.get(id) ?? 'Former member';
  return rows.map((r) => ({
    id: r.id,
    item: r.item,
    author: name(r.authorId),
    mine: r.authorId === ctx.actor.id,
    body: r.body,
    mentions: r.mentions.map(name),
    createdAt: r.createdAt,
    resolvedAt: r.resolvedAt,
    resolvedBy: r.resolvedById ? name(r.resolvedById) : null,
  }));
}

/** Adds a comment; "@Name" mentions the project's leads and managers of that name. */
export async function addComment(ctx: ProjectContext, input: { caseId: string; item: string; body: string }) {
  await access(ctx, input.caseId);
  const members = await projectRepository.members(db(), ctx.orgId, ctx.projectId);
  const mentions = members.filter((m) => m.active && m.role !== 'READER' && input.body.includes(`@${m.user.name}`)).map((m) => m.user.id);
  const c = await commentRepository.create(db(), { orgId: ctx.orgId, projectId: ctx.projectId, caseId: input.caseId, item: input.item, authorId: ctx.actor.id, body: input.body, mentions });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'case.commented', targetType: 'case', targetId: input.caseId, data: { commentId: c.id, item: input.item, mentions } });
  return { id: c.id };
}

export async function resolveThread(ctx: ProjectContext, input: { caseId: string; item: string }, now = new Date()) {
  const a = await access(ctx, input.caseId);
  if (a.mode !== 'rw' || a.as !== 'staff') throw new DomainError('FORBIDDEN', 'Only a lead working on this case resolves its threads');
  const resolved = await commentRepository.resolve(db(), ctx.orgId, input.caseId, input.item, ctx.actor.id, now);
  if (!resolved) throw new DomainError('PRECONDITION_FAILED', 'This thread has nothing open to resolve');
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'case.thread_resolved', targetType: 'case', targetId: input.caseId, data: { item: input.item, comments: resolved } });
  return { resolved };
}
