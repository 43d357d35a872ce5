/* ── AUTHORIZATION ─────────────────────────────────────────────────────────────
 * The one table of what each organization role may do (DESIGN.md, "Who may do what").
 * Project roles arrive with projects. Anything not listed here is denied.
 * ──────────────────────────────────────────────────────────────────────────── */
import type { TOrgRole } from '../contracts/org';

export const ORG_PERMISSIONS = ['org.read', 'org.members.read', 'org.members.manage', 'org.projects.create', 'org.audit.read', 'org.ownership.transfer'] as const;
export type OrgPermission = (typeof ORG_PERMISSIONS)[number];

const GRANTS: Record<TOrgRole, readonly OrgPermission[]> = {
  OWNER: ORG_PERMISSIONS,
  ADMIN: ['org.read', 'org.members.read', 'org.members.manage', 'org.projects.create', 'org.audit.read'],
  // A plain member sees the organization exists; everything else comes from project roles.
  MEMBER: ['org.read'],
};

export function can(role: TOrgRole, permission: OrgPermission): boolean {
  return GRANTS[role].includes(permission);
}

export const PROJECT_PERMISSIONS = [
  'project.view',
  'project.edit',
  'project.members.manage',
  'cases.manage',
  'cases.view_all',
  'studies.ingest',
  'assignments.distribute',
  'reads.view_all',
  'reports.view',
  'adjudicate',
  'export',
] as const;
export type ProjectPermission = (typeof PROJECT_PERMISSIONS)[number];

/** A project role, or ADMIN: an org owner/admin acting on any project of their organization. */
export type EffectiveProjectRole = 'MANAGER' | 'READER' | 'LEAD' | 'ADMIN';

const MANAGE: readonly ProjectPermission[] = ['project.view', 'project.edit', 'project.members.manage', 'cases.manage', 'cases.view_all', 'studies.ingest', 'assignments.distribute', 'reads.view_all', 'reports.view', 'export'];
const PROJECT_GRANTS: Record<EffectiveProjectRole, readonly ProjectPermission[]> = {
  ADMIN: MANAGE,
  MANAGER: MANAGE,
  LEAD: ['project.view', 'cases.view_all', 'reads.view_all', 'reports.view', 'adjudicate'],
  // Readers see the project and their own assignments only (enforced by the worklist's scope).
  READER: ['project.view'],
};

export function canInProject(role: EffectiveProjectRole, permission: ProjectPermission): boolean {
  return PROJECT_GRANTS[role].includes(permission);
}

/**
 * The role someone acts with in a project, or null when the project must look absent to them.
 * Org owners and admins see every project of their organization; everyone else needs an
 * active project membership.
 */
export function effectiveProjectRole(orgRole: TOrgRole, member: { role: 'MANAGER' | 'READER' | 'LEAD'; active: boolean } | null): EffectiveProjectRole | null {
  if (orgRole === 'OWNER' || orgRole === 'ADMIN') return 'ADMIN';
  return member?.active ? member.role : null;
}
