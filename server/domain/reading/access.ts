/* ── AUTHORIZATION ─────────────────────────────────────────────────────────────
 * Who may open an assignment's annotation document: its reader (editing while the read
 * is open, read-only once submitted or skipped), and project managers, leads and org
 * admins read-only (the roles that see all reads). Nobody else, not even to learn that
 * it exists. Checked when a token is minted and again on every connection.
 * In a collaborative project the readers of a case share one document (`case:<caseId>`),
 * each through their own assignment and on the same terms; gold-standard cases stay one
 * document per reader, since they measure each reader alone.
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
  /** Whether the user may still write this document, answered more cheaply than `recheck` where a document kind has a way. */
  stillWritable?(): Promise<boolean>;
  /** How this user may appear to the others (consensus documents): the server rewrites what the browser announces to fit. */
  presence?: PresencePolicy;
}

export interface PresencePolicy {
  /** The key the user is known by in this document. */
  key: string;
  /** No name may be announced (an invited reader of a blinded project). */
  anonymous: boolean;
}

export interface AssignmentDocAccess extends DocAccess {
  assignmentId: string;
  readerId: string;
  /** The case's readers share this document (a collaborative project). */
  shared: boolean;
}

export const assignmentDocName = (assignmentId: string) => `${DOC_PREFIX.assignment}${assignmentId}`;
export const sharedDocName = (caseId: string) => `${DOC_PREFIX.shared}${caseId}`;

/** The document an assignment reads into: the case's shared one in a collaborative project (not for gold-standard cases), else its own. */
export function readDocOf(a: { id: string; caseId: string }, project: { collaborative: boolean }, goldAnswers: unknown) {
  const shared = project.collaborative && goldAnswers === null;
  return { shared, docName: shared ? sharedDocName(a.caseId) : assignmentDocName(a.id) };
}

export async function assignmentDocAccess(userId: string, orgId: string, assignmentId: string): Promise<AssignmentDocAccess | null> {
  const membership = await organizationRepository.findMembershipById(userId, orgId);
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
  const { shared, docName } = readDocOf(a, a.project, a.case.goldAnswers);
  return {
    docName,
    mode,
    orgId,
    projectId: a.projectId,
    caseId: a.caseId,
    assignmentId: a.id,
    readerId: a.readerId,
    schemaVersion: a.schemaVersion ?? a.project.schemaVersion,
    legacyPayload: shared ? null : a.payload,
    shared,
    recheck: () => assignmentDocAccess(userId, orgId, assignmentId),
    stillWritable: async () => (await assignmentRepository.writableDocOf(db(), orgId, assignmentId, userId)) === docName,
  };
}

/** A collaborative case's shared document, through the user's own assignment of the case (or, for those who see all reads, any). */
export async function sharedDocAccess(userId: string, orgId: string, caseId: string): Promise<AssignmentDocAccess | null> {
  const assignmentId = await assignmentRepository.idForCaseDoc(db(), orgId, caseId, userId);
  const access = assignmentId ? await assignmentDocAccess(userId, orgId, assignmentId) : null;
  return access?.docName === sharedDocName(caseId) ? access : null;
}

/**
 * Whether the user may still write the document now (checked for every incoming update). The
 * name is compared too: a case whose reads changed has a new consensus document, and the old
 * one must stop taking edits.
 */
export async function docStillWritable(access: DocAccess) {
  if (access.stillWritable) return access.mode === 'rw' && (await access.stillWritable());
  const now = await access.recheck();
  return now?.mode === 'rw' && now.docName === access.docName;
}
