import { z } from 'zod';
import { ZLabelSchemaSchema } from '../../contracts/label-schema';
import { ZPageInputSchema } from '../../contracts/org';
import { ZCreateProjectInputSchema, ZProgressSchema, ZProjectRoleSchema, ZProjectSchema, ZProjectSettingsSchema } from '../../contracts/project';
import { ZEmailSchema } from '../../contracts/auth';
import { removeProjectMember } from '../../domain/assignment/manager-actions';
import { projectProgress } from '../../domain/assignment/worklist';
import { getLabelSchema, saveLabelSchema } from '../../domain/projects/label-schema';
import { reidentify } from '../../domain/ingest/reidentification';
import { listProjectMembers, setProjectMember } from '../../domain/projects/members';
import { createProject, listProjects, projectView, setProjectArchived, updateProjectSettings } from '../../domain/projects/projects';
import { orgProcedure, orgProcedureWith, projectProcedure, projectProcedureWith, router } from '../trpc';

type P = { actor: { id: string; email: string; name: string }; orgId: string; role: 'OWNER' | 'ADMIN' | 'MEMBER'; project: { id: string }; projectRole: 'MANAGER' | 'READER' | 'LEAD' | 'ADMIN' };
/** The domain's project context from a project procedure's context. */
export const pctx = (ctx: P) => ({ actor: ctx.actor, orgId: ctx.orgId, role: ctx.role, projectId: ctx.project.id, projectRole: ctx.projectRole });

export const projectRouter = router({
  list: orgProcedure
    .input(ZPageInputSchema.extend({ includeArchived: z.boolean().default(false) }))
    .output(z.object({ items: z.array(ZProjectSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input: { orgSlug: _o, ...input } }) => listProjects(ctx, input)),

  create: orgProcedureWith('org.projects.create')
    .input(ZCreateProjectInputSchema)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input: { orgSlug: _o, ...input } }) => createProject(ctx, input)),

  get: projectProcedure.output(ZProjectSchema).query(({ ctx }) => ({ ...projectView(ctx.project), myRole: ctx.projectRole })),

  updateSettings: projectProcedureWith('project.edit')
    .input(ZProjectSettingsSchema)
    .mutation(({ ctx, input: { orgSlug: _o, projectId: _p, ...settings } }) => updateProjectSettings(pctx(ctx), settings)),

  /** A study's original identifiers (projects that keep them); org owners and admins only, audited. A mutation: each read is recorded. */
  reidentify: projectProcedure
    .input(z.object({ studyInstanceUid: z.string().min(1).max(64) }))
    .output(z.object({ pseudonym: z.string(), patientId: z.string(), patientName: z.string(), patientBirthDate: z.string(), studyInstanceUid: z.string(), accessionNumber: z.string(), studyDate: z.string() }))
    .mutation(({ ctx, input }) => reidentify(pctx(ctx), input.studyInstanceUid)),

  setArchived: projectProcedureWith('project.edit')
    .input(z.object({ archived: z.boolean() }))
    .mutation(({ ctx, input }) => setProjectArchived(pctx(ctx), input.archived)),

  labelSchema: projectProcedure
    .input(z.object({ version: z.number().int().min(1).optional() }))
    .output(z.object({ version: z.number(), schema: ZLabelSchemaSchema, createdAt: z.date(), history: z.array(z.object({ version: z.number(), createdAt: z.date() })) }))
    .query(({ ctx, input }) => getLabelSchema(pctx(ctx), input.version)),

  saveLabelSchema: projectProcedureWith('project.edit')
    .input(z.object({ schema: ZLabelSchemaSchema }))
    .output(z.object({ version: z.number(), changed: z.boolean() }))
    .mutation(({ ctx, input }) => saveLabelSchema(pctx(ctx), input.schema)),

  members: projectProcedureWith('cases.view_all')
    .output(z.array(z.object({ userId: z.string(), name: z.string(), email: z.string(), role: ZProjectRoleSchema, active: z.boolean() })))
    .query(({ ctx }) => listProjectMembers(pctx(ctx))),

  setMember: projectProcedureWith('project.members.manage')
    .input(z.object({ email: ZEmailSchema, role: ZProjectRoleSchema }))
    .output(z.object({ userId: z.string() }))
    .mutation(({ ctx, input }) => setProjectMember(pctx(ctx), input.email, input.role)),

  removeMember: projectProcedureWith('project.members.manage')
    .input(z.object({ userId: z.string().min(1).max(40) }))
    .output(z.object({ returnedAssignments: z.number() }))
    .mutation(({ ctx, input }) => removeProjectMember(pctx(ctx), input.userId)),

  progress: projectProcedureWith('cases.view_all')
    .output(ZProgressSchema)
    .query(({ ctx }) => projectProgress(pctx(ctx), ctx.project.readersPerCase)),
});

