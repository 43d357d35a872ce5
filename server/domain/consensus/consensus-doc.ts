/* ── AUTHORIZATION ─────────────────────────────────────────────────────────────
 * Who may open a case's consensus document: the project's leads, editing while the case waits
 * for a decision or is decided (deciding again adds a version); managers and org admins
 * read-only. A reader only when a lead invited them, only while the case waits for a decision,
 * and only if they submitted a read of it (they then see every read, under aliases while the
 * project is blinded). Checked when a token is minted and again on every connection and update.
 * ──────────────────────────────────────────────────────────────────────────── */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import { canInProject, effectiveProjectRole } from '../../authz/permissions';
import { ZAgreementItemSchema, ZCandidateConsensusSchema, type TAgreementItem, type TConsensusView } from '../../contracts/agreement';
import { addStroke, initDoc, putFinding, setAnswer, setSegmentAttribute } from '../../contracts/annotation-doc/doc';
import { encodeRuns } from '../../contracts/annotation-doc/runs';
import { DOC_PREFIX } from '../../contracts/annotation-doc/schema';
import { db, transaction } from '../../db/client';
import { agreementRepository } from '../../db/repositories/agreement.repository';
import { inviteRepository } from '../../db/repositories/decision.repository';
import { annotationDocRepository } from '../../db/repositories/annotation-doc.repository';
import { organizationRepository } from '../../db/repositories/organization.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { readRepository, seriesGeometryRepository } from '../../db/repositories/read.repository';
import { userRepository } from '../../db/repositories/user.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { ENGINE_VERSION } from '../../stats';
import type { ProjectContext } from '../projects/context';
import type { DocAccess } from '../reading/access';
import { seriesGrid } from '../reading/masks';
import { caseOpening } from '../reading/opening';
import { inflateVoxels } from '../reading/voxels';
import { presenceKey, readerNames, seesAliases } from './aliases';

/**
 * One document per case and set of reads: a reopened read gives the case new reads and so a new
 * document seeded from the new candidate; the old one (and any copy in a browser) is never mixed in.
 */
export function consensusDocName(caseId: string, readIds: string[]) {
  const reads = createHash('sha256').update([...readIds].sort().join(',')).digest('hex').slice(0, 16);
  return `${DOC_PREFIX.consensus}${caseId}.${reads}`;
}

export const caseOfConsensusDoc = (docName: string) => docName.slice(DOC_PREFIX.consensus.length).split('.')[0] ?? '';

export interface ConsensusAccess extends DocAccess {
  /** Staff see the reads as theirs to judge; an invited reader joins as one of the readers. */
  as: 'staff' | 'invited';
  /** Whether readers' identities are hidden from other readers (the project's setting). */
  blinded: boolean;
  /** The readers of the case's current reads. */
  readerIds: string[];
}

export async function consensusDocAccess(userId: string, orgId: string, caseId: string): Promise<ConsensusAccess | null> {
  const membership = await organizationRepository.findMembershipById(userId, orgId);
  const c = membership ? await agreementRepository.caseForAgreement(db(), orgId, caseId) : null;
  const project = c ? await projectRepository.findWithMembership(orgId, c.projectId, userId) : null;
  const role = project && membership ? effectiveProjectRole(membership.role, project.members[0] ?? null) : null;
  if (!c || !project || !role) return null;
  const staff = canInProject(role, 'reads.view_all');
  const waiting = c.status === 'IN_ADJUDICATION' && project.status === 'ACTIVE';
  if (!staff && !(waiting && (await inviteRepository.exists(db(), orgId, caseId, userId)))) return null;
  const agreement = await agreementRepository.readIdsOf(db(), orgId, c.projectId, caseId, ENGINE_VERSION);
  if (!agreement) return null;
  const reads = await readRepository.schemaVersionsOfCase(db(), orgId, caseId);
  if (!staff && !reads.some((r) => r.readerId === userId)) return null;
  const open = (c.status === 'IN_ADJUDICATION' || c.status === 'DONE') && project.status === 'ACTIVE';
  return {
    docName: consensusDocName(caseId, agreement.readIds),
    mode: staff ? (open && canInProject(role, 'adjudicate') ? 'rw' : 'ro') : 'rw',
    orgId,
    projectId: c.projectId,
    caseId,
    schemaVersion: Math.max(project.schemaVersion, ...reads.map((r) => r.schemaVersion)),
    legacyPayload: null,
    as: staff ? 'staff' : 'invited',
    blinded: project.blinded,
    readerIds: reads.map((r) => r.readerId),
    presence: { key: presenceKey(caseId, userId), anonymous: !staff && project.blinded },
    recheck: () => consensusDocAccess(userId, orgId, caseId),
  };
}

/**
 * The actor's access to a case's consensus through a project's scope. A reader without an
 * invitation is told why; anyone else without access learns nothing about the case.
 */
export async function requireConsensusAccess(ctx: ProjectContext, caseId: string): Promise<ConsensusAccess> {
  const a = await consensusDocAccess(ctx.actor.id, ctx.orgId, caseId);
  if (a && a.projectId === ctx.projectId) return a;
  if (ctx.projectRole === 'READER') throw new DomainError('FORBIDDEN', 'Only leads, managers and readers a lead has invited open the adjudication of a case');
  throw notFound('Case agreement');
}

/**
 * Creates the consensus document from the candidate consensus the first time anyone opens it:
 * modal answers, fused findings, each consensus mask as one paint stroke per frame, and the
 * modal answers to each segment's questions. Under the document's lock, so two servers opening
 * it at once seed it once.
 */
export async function ensureConsensusDoc(access: DocAccess) {
  if (await annotationDocRepository.exists(db(), access.docName)) return;
  const agreement = await agreementRepository.ofCase(db(), access.orgId, access.projectId, access.caseId, ENGINE_VERSION);
  if (!agreement) return;
  const candidate = ZCandidateConsensusSchema.parse(agreement.consensus);
  const masks = await agreementRepository.consensusMasks(db(), access.orgId, access.caseId, ENGINE_VERSION);
  const doc = new Y.Doc();
  doc.transact(() => {
    initDoc(doc, access.schemaVersion);
    for (const [id, v] of Object.entries(candidate.answers)) setAnswer(doc, id, v);
    for (const f of candidate.findings) putFinding(doc, f);
    for (const seg of candidate.segments) for (const [id, v] of Object.entries(seg.attributes)) setSegmentAttribute(doc, seg.labelId, seg.seriesUid, id, v);
  });
  for (const m of masks) {
    const grid = seriesGrid(await seriesGeometryRepository.slices(db(), access.orgId, access.projectId, m.seriesUid));
    const [nx, ny] = m.dims as [number, number, number];
    const voxels = inflateVoxels(m.voxels, m.dims);
    doc.transact(() => {
      for (const [key, z] of grid.index) {
        const runs = encodeRuns(voxels.subarray(z * nx * ny, (z + 1) * nx * ny));
        if (!runs.length) continue;
        const [sopUid, frame] = key.split('/') as [string, string];
        addStroke(doc, { id: `seed-${m.labelId}-${z}`, labelId: m.labelId, op: 'paint', image: { seriesUid: m.seriesUid, sopUid, frame: Number(frame) }, rows: ny, columns: nx, runs });
      }
    });
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  await transaction(async (tx) => {
    await annotationDocRepository.lock(tx, access.docName);
    if (!(await annotationDocRepository.exists(tx, access.docName))) await annotationDocRepository.append(tx, access.docName, update);
  });
}

/** The adjudication view of a case: its images, its consensus document (seeded), and every current read with its reader. */
export async function consensusView(ctx: ProjectContext, caseId: string): Promise<TConsensusView> {
  const access = await requireConsensusAccess(ctx, caseId);
  const c = await agreementRepository.caseImages(db(), ctx.orgId, ctx.projectId, caseId);
  if (!c) throw notFound('Case agreement');
  await ensureConsensusDoc(access);
  const reads = await readRepository.snapshotsOfCase(db(), ctx.orgId, caseId);
  const named = readerNames(access, ctx.actor.id, await userRepository.names(db(), reads.map((r) => r.readerId)));
  const invites = access.as === 'staff' ? await inviteRepository.ofCase(db(), ctx.orgId, caseId) : [];
  const invited = new Set(invites.map((i) => i.userId));
  const hide = seesAliases(access);
  const idOf = (readerId: string) => (hide ? presenceKey(caseId, readerId) : readerId);
  const agreement = await agreementRepository.ofCase(db(), ctx.orgId, ctx.projectId, caseId, ENGINE_VERSION);
  return {
    caseId,
    caseLabel: c.label,
    caseStatus: c.status,
    docName: access.docName,
    mode: access.mode,
    schemaVersion: access.schemaVersion,
    studyInstanceUid: c.study?.studyInstanceUid ?? null,
    seriesInstanceUid: c.seriesId ? (c.study?.series.find((s) => s.id === c.seriesId)?.seriesInstanceUid ?? null) : null,
    ...(await caseOpening(ctx.orgId, c.seriesId, c.study?.series ?? [])),
    reads: reads.map((r) => ({
      readId: r.id,
      readerId: idOf(r.readerId),
      name: named.get(r.readerId)?.name ?? 'Former member',
      alias: named.get(r.readerId)?.alias ?? '',
      invited: invited.has(r.readerId),
      snapshot: Buffer.from(r.snapshot).toString('base64'),
    })),
    me: { key: presenceKey(caseId, ctx.actor.id), anonymous: access.as === 'invited' && access.blinded },
    people: Object.fromEntries(reads.map((r) => [presenceKey(caseId, r.readerId), named.get(r.readerId)?.name ?? 'Former member'])),
    decides: access.as === 'staff' && access.mode === 'rw',
    items: withReaderIds(ZAgreementItemSchema.array().parse(agreement?.items ?? []), idOf),
  };
}

/** The agreement items with every reader id (answers, readers, pairs, clusters) passed through `idOf`. */
function withReaderIds(items: TAgreementItem[], idOf: (readerId: string) => string): TAgreementItem[] {
  const pairs = <P extends { a: string; b: string }>(ps: P[]) => ps.map((p) => ({ ...p, a: idOf(p.a), b: idOf(p.b) }));
  return items.map((item) => {
    if (item.kind === 'question') return { ...item, answers: item.answers.map((a) => ({ ...a, readerId: idOf(a.readerId) })) };
    if (item.kind === 'segmentation') return { ...item, readers: item.readers.map((r) => ({ ...r, readerId: idOf(r.readerId) })), pairs: pairs(item.pairs) };
    return {
      ...item,
      found: item.found.map((f) => ({ ...f, readerId: idOf(f.readerId) })),
      pairs: pairs(item.pairs),
      clusters: item.clusters.map((c) => ({
        ...c,
        members: c.members.map((m) => ({ ...m, readerId: idOf(m.readerId) })),
        values: c.values.map((v) => ({ ...v, byReader: v.byReader.map((b) => ({ ...b, readerId: idOf(b.readerId) })) })),
      })),
    };
  });
}
