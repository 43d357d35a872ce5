import { z } from 'zod';

export const ORG_ROLES = ['OWNER', 'ADMIN', 'MEMBER'] as const;
export const ZOrgRoleSchema = z.enum(ORG_ROLES);
export type TOrgRole = z.infer<typeof ZOrgRoleSchema>;

export const ZOrgSlugSchema = z
  .string()
  .trim()
  .min(1, 'Organization is required')
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Not a valid organization slug');

export const ZOrgSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  role: ZOrgRoleSchema,
  personal: z.boolean(),
});
export type TOrgSummary = z.infer<typeof ZOrgSummarySchema>;

export const ZPageInputSchema = z.object({
  cursor: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

export const ZMemberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: ZOrgRoleSchema,
  joinedAt: z.date(),
});
export type TMember = z.infer<typeof ZMemberSchema>;

export const ZMemberPageSchema = z.object({
  items: z.array(ZMemberSchema),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const ZAuditFilterSchema = z.object({
  action: z.string().trim().max(80).optional(),
  actorId: z.string().trim().max(40).optional(),
  targetId: z.string().trim().max(80).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});
export type TAuditFilter = z.infer<typeof ZAuditFilterSchema>;

export const ZAuditEventSchema = z.object({
  id: z.string(),
  createdAt: z.date(),
  actor: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  data: z.string(),
  ip: z.string().nullable(),
});
