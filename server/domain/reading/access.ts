/* ── AUTHORIZATION ─────────────────────────────────────────────────────────────
 * Who may open an assignment's annotation document: its reader (editing while the read
 * is open, read-only once submitted or skipped), and project managers, leads and org
 * admins read-only (the roles that see all reads). Nobody else, not even to learn that
 * it exists. Checked when a token is minted and again on every connection.
 * ──────────────────────────────────────────────────────────────────────────── */
import { canInProject, effectiveProjectRole } from '../../authz/permissions';
import { DOC_PREFIX } from '../../contracts/annotation-doc/schema';
import { db } from '../../db/client';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { organizationRepository } from '../../db/repositories/organization.repository';

export interface DocAccess {
  docName: string;
  mode: 'rw' | 'ro';
  orgId: string;
  projectId: string;
  caseId: string;
  assignmentId: string;
  readerId: string;
  /** The label schema version the read is made against. */
  schemaVersion: number;
  legacyPayload: unknown;
}

export const assignmentDocName = (assignmentId: string) => `${DOC_PREFIX.assignment}${assignmentId}`;

export async function assignmentDocAccess(userId: string, orgId: string, assignmentId: string): Promise<DocAccess | null> {
  const membership = await organizationRepository.findMembershipById(db(), userId, orgId);
  if (!membership) return null;
  const a = await assignmentRepository.findWithViewer(db(), orgId, assignmentId, userId);
  if (!a) return null;
  let mode: DocAccess['mode'];
  if (a.readerId === userId) {
    const open = (a.status === 'ASSIGNED' || a.status === 'IN_PROGRESS') && a.project.status === 'ACTIVE';
    mode = open ? 'rw' : 'ro';
  } else {
    const role = effectiveProjectRole(membership.role, a.project.members[0] ?? null);
    if (!role || !canInProject(role, 'reads.view_all')) return null;
    mode = 'ro';
  }
  return {
    docName: assignmentDocName(a.id),
    mode,
    orgId,
    projectId: a.projectId,
    caseId: a.caseId,
    assignmentId: a.id,
    readerId: a.readerId,
    schemaVersion: a.schemaVersion ?? a.project.schemaVersion,
    legacyPayload: a.payload,
  };
}

/** Whether the reader may still write the document now (checked for every incoming update: a read submitted meanwhile turns read-only). */
export async function docStillWritable(access: DocAccess) {
  const now = await assignmentDocAccess(access.readerId, access.orgId, access.assignmentId);
  return now?.mode === 'rw';
}
