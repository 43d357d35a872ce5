/* ── AUTHORIZATION ─────────────────────────────────────────────────────────────
 * The one table of what each organization role may do (DESIGN.md, "Who may do what").
 * Project roles arrive with projects. Anything not listed here is denied.
 * ──────────────────────────────────────────────────────────────────────────── */
import type { TOrgRole } from '../contracts/org';

export const ORG_PERMISSIONS = ['org.read', 'org.members.read', 'org.members.manage', 'org.audit.read', 'org.ownership.transfer'] as const;
export type OrgPermission = (typeof ORG_PERMISSIONS)[number];

const GRANTS: Record<TOrgRole, readonly OrgPermission[]> = {
  OWNER: ORG_PERMISSIONS,
  ADMIN: ['org.read', 'org.members.read', 'org.members.manage', 'org.audit.read'],
  // A plain member sees the organization exists; everything else comes from project roles.
  MEMBER: ['org.read'],
};

export function can(role: TOrgRole, permission: OrgPermission): boolean {
  return GRANTS[role].includes(permission);
}
