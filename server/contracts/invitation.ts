import { z } from 'zod';
import { ZEmailSchema } from './auth';
import { ZOrgRoleSchema } from './org';
import { ZProjectIdSchema, ZProjectRoleSchema } from './project';

export const ZCreateInvitationInputSchema = z
  .object({
    email: ZEmailSchema,
    orgRole: ZOrgRoleSchema.default('MEMBER'),
    projectId: ZProjectIdSchema.optional(),
    projectRole: ZProjectRoleSchema.optional(),
  })
  .refine((v) => Boolean(v.projectId) === Boolean(v.projectRole), { path: ['projectRole'], message: 'Choose a project and a project role together' });
export type TCreateInvitationInput = z.infer<typeof ZCreateInvitationInputSchema>;

export const ZInvitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'This invitation link is not valid');

export const ZInvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  orgRole: ZOrgRoleSchema,
  projectRole: ZProjectRoleSchema.nullable(),
  orgName: z.string(),
  orgSlug: z.string(),
  projectName: z.string().nullable(),
  expiresAt: z.date(),
});
export type TInvitation = z.infer<typeof ZInvitationSchema>;
