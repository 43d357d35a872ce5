/* ── AUTHORIZATION ─────────────────────────────────────────────────────────────
 * Who may retrieve which images of a project (DICOMweb). Managers, leads and org
 * admins see every series; a reader sees only the series of cases assigned to them,
 * and never a series still awaiting pixel review. Everything else is NOT_FOUND.
 * ──────────────────────────────────────────────────────────────────────────── */
import type { Actor } from '../../auth/sessions';
import { effectiveProjectRole, type EffectiveProjectRole } from '../../authz/permissions';
import type { TOrgRole } from '../../contracts/org';
import { db } from '../../db/client';
import { auditRepository } from '../../db/repositories/audit.repository';
import { dicomwebRepository, type Visible } from '../../db/repositories/dicomweb.repository';
import { recordAudit } from '../audit/record';
import { ttlMemo } from '../../lib/ttl-memo';

export interface ImageScope {
  orgId: string;
  projectId: string;
  actorId: string;
  sessionId: string;
  orgRole: TOrgRole;
  role: EffectiveProjectRole;
  visible: Visible;
}

/** The actor's view of a project's images, or null when the project must look absent to them. */
export async function imageScope(actor: Actor, orgSlug: string, projectId: string): Promise<ImageScope | null> {
  const access = await dicomwebRepository.access(actor.id, orgSlug, projectId);
  if (!access) return null;
  const role = effectiveProjectRole(access.orgRole, access.projectRole && { role: access.projectRole, active: access.active === true });
  if (!role) return null;
  const visible = role === 'READER' ? await dicomwebRepository.readerSeries(access.orgId, projectId, actor.id) : null;
  return { orgId: access.orgId, projectId, actorId: actor.id, sessionId: actor.sessionId, orgRole: access.orgRole, role, visible };
}

const frameScopes = ttlMemo<ImageScope | null>(2000);

/**
 * imageScope for frame requests, remembered for two seconds per session and project: a viewer
 * loading a series asks for hundreds of frames within a second or two, and resolving the scope
 * was most of each request's database work. A change of membership or assignment reaches frame
 * requests at most that late; searches, metadata and instances resolve it on every request, and a
 * closed session is refused at once (the caller checks the session on every request).
 */
export async function frameScope(actor: Actor, orgSlug: string, projectId: string, now = Date.now()): Promise<ImageScope | null> {
  return frameScopes(`${actor.sessionId}|${orgSlug}|${projectId}`, () => imageScope(actor, orgSlug, projectId), now);
}

const seen = new Set<string>();

/** Records that the actor viewed a study: once per user, study and session, not per image request. */
export async function auditStudyView(scope: ImageScope, studyId: string) {
  const key = `${scope.sessionId}:${studyId}`;
  if (seen.has(key)) return;
  seen.add(key);
  if (seen.size > 100_000) seen.clear();
  if (await auditRepository.existsInSession(db(), scope.orgId, scope.actorId, 'study.viewed', studyId, scope.sessionId)) return;
  await recordAudit({ orgId: scope.orgId, actorId: scope.actorId, action: 'study.viewed', targetType: 'study', targetId: studyId, data: { sessionId: scope.sessionId, projectId: scope.projectId } });
}
