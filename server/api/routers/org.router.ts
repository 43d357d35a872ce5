import { z } from 'zod';
import { ZAuditEventSchema, ZAuditFilterSchema, ZMemberPageSchema, ZOrgRoleSchema, ZOrgSummarySchema, ZPageInputSchema } from '../../contracts/org';
import { listAudit } from '../../domain/audit/browse';
import { removeOrgMember, setOrgRole } from '../../domain/orgs/manage-members';
import { listMembers } from '../../domain/orgs/members';
import { listMyOrgs } from '../../domain/orgs/my-orgs';
import { authedProcedure, orgProcedure, orgProcedureWith, router } from '../trpc';

export const orgRouter = router({
  mine: authedProcedure.output(z.array(ZOrgSummarySchema)).query(({ ctx }) => listMyOrgs(ctx.actor.id)),

  get: orgProcedure
    .output(ZOrgSummarySchema)
    .query(({ ctx }) => ({ ...ctx.org, role: ctx.role })),

  /** The organization's audit trail, newest first (owners and admins). */
  audit: orgProcedureWith('org.audit.read')
    .input(ZPageInputSchema.extend(ZAuditFilterSchema.shape))
    .output(z.object({ items: z.array(ZAuditEventSchema), nextCursor: z.string().nullable(), actions: z.array(z.string()) }))
    .query(({ ctx, input }) => listAudit({ actor: ctx.actor, orgId: ctx.orgId, role: ctx.role }, input)),

  members: orgProcedureWith('org.members.read')
    .input(ZPageInputSchema)
    .output(ZMemberPageSchema)
    .query(({ ctx, input }) => listMembers({ actor: ctx.actor, orgId: ctx.orgId, role: ctx.role }, input)),

  setRole: orgProcedureWith('org.members.manage')
    .input(z.object({ userId: z.string().min(1).max(40), role: ZOrgRoleSchema }))
    .mutation(({ ctx, input }) => setOrgRole(ctx, input.userId, input.role)),

  removeMember: orgProcedureWith('org.members.manage')
    .input(z.object({ userId: z.string().min(1).max(40) }))
    .mutation(({ ctx, input }) => removeOrgMember(ctx, input.userId)),
});
