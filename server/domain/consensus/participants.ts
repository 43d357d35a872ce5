/* ── AUTHORIZATION ─────────────────────────────────────────────────────────────
 * A lead (who may edit the consensus) invites or uninvites readers of the case; only readers
 * with a current read of it, only while it waits for a decision. Each user sees their own
 * invitations.
 * ──────────────────────────────────────────────────────────────────────────── */
import type { TInvitation } from '../../contracts/agreement';
import { db } from '../../db/client';
import { inviteRepository } from '../../db/repositories/decision.repository';
import { DomainError } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { OrgContext } from '../context';
import type { ProjectContext } from '../projects/context';
import { requireConsensusAccess } from './consensus-doc';

async function leadAccess(ctx: ProjectContext, caseId: string) {
  const a = await requireConsensusAccess(ctx, caseId);
  if (a.as !== 'staff' || a.mode !== 'rw') throw new DomainError('FORBIDDEN', 'Only a lead working on this case invites readers');
  return a;
}

/** A lead asks one of the case's readers into its adjudication. */
export async function inviteReader(ctx: ProjectContext, input: { caseId: string; readerId: string }) {
  const a = await leadAccess(ctx, input.caseId);
  if (!a.readerIds.includes(input.readerId)) throw new DomainError('BAD_REQUEST', 'Only readers who submitted a read of this case can be invited');
  const invite = await inviteRepository.add(db(), { orgId: ctx.orgId, projectId: ctx.projectId, caseId: input.caseId, userId: input.readerId, invitedById: ctx.actor.id });
  if (invite.created) await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'case.reader_invited', targetType: 'case', targetId: input.caseId, data: { readerId: input.readerId } });
  return { invited: true };
}

/** Takes an invitation back; the reader's open connection is refused at its next edit. */
export async function uninviteReader(ctx: ProjectContext, input: { caseId: string; readerId: string }) {
  await leadAccess(ctx, input.caseId);
  const removed = await inviteRepository.remove(db(), ctx.orgId, input.caseId, input.readerId);
  if (removed) await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'case.reader_uninvited', targetType: 'case', targetId: input.caseId, data: { readerId: input.readerId } });
  return { invited: false };
}

/** The cases the actor is invited to adjudicate, still waiting for a decision. */
export async function myInvitations(ctx: OrgContext): Promise<TInvitation[]> {
  const rows = await inviteRepository.openOfUser(db(), ctx.orgId, ctx.actor.id);
  return rows.map((r) => ({ caseId: r.caseId, projectId: r.projectId, caseLabel: r.case.label, projectName: r.case.project.name, invitedAt: r.createdAt }));
}
