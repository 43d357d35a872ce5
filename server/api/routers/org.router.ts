import { z } from 'zod';
import { ZMemberPageSchema, ZOrgSummarySchema, ZPageInputSchema } from '../../contracts/org';
import { listMembers } from '../../domain/orgs/members';
import { listMyOrgs } from '../../domain/orgs/my-orgs';
import { authedProcedure, orgProcedure, orgProcedureWith, router } from '../trpc';

export const orgRouter = router({
  mine: authedProcedure.output(z.array(ZOrgSummarySchema)).query(({ ctx }) => listMyOrgs(ctx.actor.id)),

  get: orgProcedure
    .output(ZOrgSummarySchema)
    .query(({ ctx }) => ({ ...ctx.org, role: ctx.role })),

  members: orgProcedureWith('org.members.read')
    .input(ZPageInputSchema)
    .output(ZMemberPageSchema)
    .query(({ ctx, input }) => listMembers({ actor: ctx.actor, orgId: ctx.orgId, role: ctx.role }, input)),
});
