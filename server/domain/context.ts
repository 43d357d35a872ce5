import type { TOrgRole } from '../contracts/org';

/** Who is acting, in which organization, with which role: the first argument of every org-scoped domain function. */
export interface OrgContext {
  actor: { id: string; email: string; name: string };
  orgId: string;
  role: TOrgRole;
}
