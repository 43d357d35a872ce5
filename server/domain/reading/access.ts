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

/** What a user may do with one annotation document (a read's or a case's consensus). */
export interface DocAccess {
  docName: string;
  mode: 'rw' | 'ro';
  orgId: string;
  projectId: string;
  caseId: string;
  /** The label schema version the document is made against. */
  schemaVersion: number;
  legacyPayload: unknown;
  /** The same question asked again now (a read submitted or a case finalized meanwhile changes the answer). */
  recheck(): Promise<DocAccess | null>;
}

export interface AssignmentDocAccess extends DocAccess {
  assignmentId: string;
  readerId: string;
}

export const assignmentDocName = (assignmentId: string) => `${DOC_PREFIX.assignment}${assignmentId}`;

export async function assignmentDocAccess(userId: string, orgId: string, assignmentId: string): Promise<AssignmentDocAccess | null> {
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
    recheck: () => assignmentDocAccess(userId, orgId, assignmentId),
  };
}

/**
 * Whether the user may still write the document now (checked for every incoming update). The
 * name is compared too: a case whose reads changed has a new consensus document, and the old
 * one must stop taking edits.
 */
export async function docStillWritable(access: DocAccess) {
  const now = await access.recheck();
  return now?.mode === 'rw' && now.docName === access.docName;
}
