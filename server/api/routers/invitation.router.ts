import { z } from 'zod';
import { ZCreateInvitationInputSchema, ZInvitationSchema, ZInvitationTokenSchema } from '../../contracts/invitation';
import { acceptInvitation, createInvitation, listPendingInvitations, revokeInvitation, viewInvitation } from '../../domain/orgs/invitations';
import { authedProcedure, orgProcedure, orgProcedureWith, publicProcedure, router } from '../trpc';

export const invitationRouter = router({
  /** Admins invite anyone; project managers invite members into their project (checked in the domain). */
  create: orgProcedure
    .input(ZCreateInvitationInputSchema)
    .output(z.object({ id: z.string(), token: z.string(), path: z.string() }))
    .mutation(({ ctx, input: { orgSlug: _o, ...input } }) => createInvitation(ctx, input)),

  pending: orgProcedureWith('org.members.manage').output(z.array(ZInvitationSchema)).query(({ ctx }) => listPendingInvitations(ctx)),

  revoke: orgProcedureWith('org.members.manage')
    .input(z.object({ invitationId: z.string().min(1).max(40) }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx, input.invitationId)),

  view: publicProcedure.input(z.object({ token: ZInvitationTokenSchema })).output(ZInvitationSchema).query(({ input }) => viewInvitation(input.token)),

  accept: authedProcedure
    .input(z.object({ token: ZInvitationTokenSchema }))
    .output(z.object({ orgSlug: z.string(), projectId: z.string().nullable() }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.actor, input.token)),
});
