import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z, ZodError } from 'zod';
import { resolveSession, type Actor } from '../auth/sessions';
import { ZOrgSlugSchema } from '../contracts/org';
import { can, canInProject, effectiveProjectRole, type OrgPermission, type ProjectPermission } from '../authz/permissions';
import { ZProjectIdSchema } from '../contracts/project';
import { projectRepository } from '../db/repositories/project.repository';
import { organizationRepository } from '../db/repositories/organization.repository';
import { DomainError } from '../errors/domain-error';
import { logger } from '../lib/logger';
import { ERROR_TABLE } from './errors';

export interface RequestMeta {
  sessionId: string | null;
  ip: string | null;
  requestId: string;
}

/** Resolves the session behind the request; nothing from the client is trusted beyond the signed cookie. */
export async function createContext(meta: RequestMeta) {
  const actor: Actor | null = await resolveSession(meta.sessionId);
  return { actor, ip: meta.ip, requestId: meta.requestId, log: logger.child({ requestId: meta.requestId }) };
}
export type Context = Awaited<ReturnType<typeof createContext>>;

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const domain = cause instanceof DomainError ? cause : null;
    const zod = cause instanceof ZodError ? cause : null;
    const userMessage = domain?.userMessage ?? (zod ? 'Some fields are invalid' : error.code === 'INTERNAL_SERVER_ERROR' ? 'Something went wrong' : error.message);
    const fieldErrors = domain?.fieldErrors ?? (zod ? z.flattenError(zod).fieldErrors : undefined);
    // Never send stack traces to the client.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message: userMessage, data: { ...data, userMessage, ...(fieldErrors ? { fieldErrors } : {}) } };
  },
});

/** DomainError → TRPCError, and unexpected errors logged with the request id. */
const errorMapping = t.middleware(async ({ ctx, next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) {
      // Re-throwing keeps the DomainError as cause, which the formatter reads.
      throw new TRPCError({ code: ERROR_TABLE[cause.code].trpc, message: cause.userMessage, cause });
    }
    if (cause instanceof ZodError) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Some fields are invalid', cause });
    if (result.error.code === 'INTERNAL_SERVER_ERROR') ctx.log.error('procedure failed', { path, err: result.error.cause ?? result.error });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorMapping);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/**
 * Org-scoped procedures take `orgSlug`; membership is looked up on every call. An organization
 * the actor does not belong to is NOT_FOUND, exactly like one that does not exist.
 */
export const orgProcedure = authedProcedure.input(z.object({ orgSlug: ZOrgSlugSchema })).use(async ({ ctx, input, next }) => {
  const membership = await organizationRepository.findMembership(ctx.actor.id, input.orgSlug);
  if (!membership) throw new TRPCError({ code: 'NOT_FOUND', message: 'Organization not found' });
  return next({ ctx: { ...ctx, org: membership.org, orgId: membership.org.id, role: membership.role } });
});

/** An org procedure that also requires a permission; the organization is visible, so denial is FORBIDDEN. */
export function orgProcedureWith(permission: OrgPermission) {
  return orgProcedure.use(({ ctx, next }) => {
    if (!can(ctx.role, permission)) throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not allow this' });
    return next();
  });
}

/**
 * Project-scoped procedures take `orgSlug` and `projectId`. A project of another organization,
 * or one the actor has no part in, is NOT_FOUND.
 */
export const projectProcedure = orgProcedure.input(z.object({ projectId: ZProjectIdSchema })).use(async ({ ctx, input, next }) => {
  const found = await projectRepository.findWithMembership(ctx.orgId, input.projectId, ctx.actor.id);
  const projectRole = found ? effectiveProjectRole(ctx.role, found.members[0] ?? null) : null;
  if (!found || !projectRole) throw new TRPCError({ code: 'NOT_FOUND', message: 'Project not found' });
  const { members: _members, ...project } = found;
  return next({ ctx: { ...ctx, project, projectRole } });
});

/** A project procedure that requires a permission; the project is visible, so denial is FORBIDDEN. */
export function projectProcedureWith(permission: ProjectPermission) {
  return projectProcedure.use(({ ctx, next }) => {
    if (!canInProject(ctx.projectRole, permission)) throw new TRPCError({ code: 'FORBIDDEN', message: 'Your role does not allow this' });
    return next();
  });
}
