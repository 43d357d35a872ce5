import crypto from 'node:crypto';
import { can, canInProject, effectiveProjectRole } from '../../authz/permissions';
import type { TCreateInvitationInput, TInvitation } from '../../contracts/invitation';
import { projectRepository } from '../../db/repositories/project.repository';
import { db, transaction } from '../../db/client';
import { invitationRepository } from '../../db/repositories/invitation.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { recordAudit } from '../audit/record';
import type { OrgContext } from '../context';

const VALID_DAYS = 7;
const hash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

type Row = NonNullable<Awaited<ReturnType<typeof invitationRepository.findByTokenHash>>>;
const toDto = (r: Row): TInvitation => ({
  id: r.id,
  email: r.email,
  orgRole: r.orgRole,
  projectRole: r.projectRole,
  orgName: r.org.name,
  orgSlug: r.org.slug,
  projectName: r.project?.name ?? null,
  expiresAt: r.expiresAt,
});

/**
 * Creates a single-use invitation and returns its token once (only its hash is stored).
 * Org admins invite anyone; project managers invite members into their own project.
 */
export async function createInvitation(ctx: OrgContext, input: TCreateInvitationInput, now = new Date()) {
  const orgAdmin = can(ctx.role, 'org.members.manage');
  if (input.projectId) {
    const project = await projectRepository.findWithMembership(ctx.orgId, input.projectId, ctx.actor.id);
    const role = project ? effectiveProjectRole(ctx.role, project.members[0] ?? null) : null;
    if (!role) throw notFound('Project');
    if (!canInProject(role, 'project.members.manage')) throw new DomainError('FORBIDDEN', 'Your role does not allow this');
  } else if (!orgAdmin) {
    throw new DomainError('FORBIDDEN', 'Your role does not allow this');
  }
  if (input.orgRole !== 'MEMBER' && !orgAdmin) throw new DomainError('FORBIDDEN', 'Only organization admins can invite admins');
  if (input.orgRole === 'OWNER' && ctx.role !== 'OWNER') throw new DomainError('FORBIDDEN', 'Only an owner can invite another owner');
  const token = crypto.randomBytes(32).toString('base64url');
  const created = await invitationRepository.create(db(), {
    orgId: ctx.orgId,
    email: input.email,
    orgRole: input.orgRole,
    projectId: input.projectId ?? null,
    projectRole: input.projectRole ?? null,
    tokenHash: hash(token),
    invitedById: ctx.actor.id,
    expiresAt: new Date(now.getTime() + VALID_DAYS * 86_400_000),
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'invitation.created', targetType: 'invitation', targetId: created.id, data: { email: input.email, orgRole: input.orgRole, projectId: input.projectId } });
  return { id: created.id, token, path: `/invite/${token}` };
}

function assertOpen(r: Row | null, now: Date): asserts r is Row {
  if (!r || r.revokedAt) throw notFound('Invitation');
  if (r.acceptedAt) throw new DomainError('PRECONDITION_FAILED', 'This invitation has already been used');
  if (r.expiresAt <= now) throw new DomainError('PRECONDITION_FAILED', 'This invitation has expired; ask for a new one');
}

/** What an invitation link offers (public: the token is the secret). */
export async function viewInvitation(token: string, now = new Date()): Promise<TInvitation> {
  const r = await invitationRepository.findByTokenHash(db(), hash(token));
  assertOpen(r, now);
  return toDto(r);
}

/** Accepts an invitation for the signed-in user, whose email must be the invited one. Single use, even under races. */
export async function acceptInvitation(actor: { id: string; email: string }, token: string, now = new Date()) {
  const result = await transaction(async (tx) => {
    const r = await invitationRepository.findByTokenHash(tx, hash(token));
    assertOpen(r, now);
    if (r.email !== actor.email) throw new DomainError('FORBIDDEN', `This invitation is for ${r.email}. Sign in with that account to accept it.`);
    const won = await invitationRepository.markAccepted(tx, r.id, actor.id, now);
    if (!won.count) throw new DomainError('PRECONDITION_FAILED', 'This invitation has already been used');
    await invitationRepository.upsertOrgMembership(tx, r.org.id, actor.id, r.orgRole);
    if (r.project && r.projectRole) await invitationRepository.upsertProjectMember(tx, r.project.id, actor.id, r.projectRole);
    return r;
  });
  await recordAudit({ orgId: result.org.id, actorId: actor.id, action: 'invitation.accepted', targetType: 'invitation', targetId: result.id });
  return { orgSlug: result.org.slug, projectId: result.project?.id ?? null };
}

export async function listPendingInvitations(ctx: OrgContext, now = new Date()) {
  return (await invitationRepository.pending(db(), ctx.orgId, now)).map(toDto);
}

export async function revokeInvitation(ctx: OrgContext, id: string, now = new Date()) {
  const r = await invitationRepository.revoke(db(), ctx.orgId, id, now);
  if (!r.count) throw notFound('Invitation');
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'invitation.revoked', targetType: 'invitation', targetId: id });
}
