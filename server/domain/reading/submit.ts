import * as Y from 'yjs';
import { migrateDoc } from '../../contracts/annotation-doc/migrate';
import { invalidEntries, readDoc, setAnswer } from '../../contracts/annotation-doc/doc';
import { seriesOfFinding, TOOL_KIND, type TAnswer } from '../../contracts/annotation-doc/schema';
import { readProblems } from '../../contracts/annotation-doc/validate';
import { ZLabelSchemaSchema } from '../../contracts/label-schema';
import { db } from '../../db/client';
import { agreementRepository } from '../../db/repositories/agreement.repository';
import { assignmentRepository } from '../../db/repositories/assignment.repository';
import { projectRepository } from '../../db/repositories/project.repository';
import { readRepository } from '../../db/repositories/read.repository';
import { DomainError, notFound } from '../../errors/domain-error';
import { onOwnAssignment } from '../assignment/reader-actions';
import { syncCaseStatuses } from '../assignment/case-status';
import { recordAudit } from '../audit/record';
import { queueCaseAgreement } from '../consensus/compute';
import type { OrgContext } from '../context';
import { assignmentDocAccess } from './access';
import { editDoc, loadDoc } from './doc-store';
import { assistOutcomes } from './assists';
import { buildMasks } from './masks';

/**
 * Submits a read: the assignment's annotation document as stored in PostgreSQL (what the
 * collaboration server acknowledged) is validated against the label schema, kept as an
 * immutable snapshot, and materialised into the read tables (answers, findings, masks) that
 * agreement, adjudication and export consume. API clients without a viewer may pass answers;
 * they are written into the document first, through the same log.
 * A collaborative case's shared document is submitted once, by any of its readers, for all of
 * them: one read (the submitter's, replacing any earlier one of the case), and every open
 * assignment of the case submitted with it.
 * Time spent is the time since the read was started, or — when the viewer reports it — the time
 * the reader was active on the page (visible, some input within the last minute), never more.
 */
export async function submitRead(ctx: OrgContext, assignmentId: string, opts: { answers?: Record<string, TAnswer | null>; activeMs?: number } = {}, now = new Date()) {
  const apiAnswers = opts.answers;
  const access = await assignmentDocAccess(ctx.actor.id, ctx.orgId, assignmentId);
  if (!access || access.readerId !== ctx.actor.id) throw notFound('Assignment');
  if (access.mode !== 'rw') throw new DomainError('PRECONDITION_FAILED', 'This read is not open');
  const migrate = (doc: Y.Doc) => migrateDoc(doc, { labelSchemaVersion: access.schemaVersion, legacyPayload: access.legacyPayload });
  const doc =
    apiAnswers && Object.keys(apiAnswers).length
      ? await editDoc(access.docName, (d) => {
          migrate(d);
          d.transact(() => Object.entries(apiAnswers).forEach(([id, v]) => setAnswer(d, id, v)));
        })
      : await loadDoc(access.docName);
  migrate(doc);
  const bad = invalidEntries(doc);
  if (bad.length) throw new DomainError('BAD_REQUEST', `The annotation document has entries that cannot be read: ${bad.slice(0, 5).join(', ')}`);
  const view = readDoc(doc);
  const schemaRow = (await projectRepository.schemaVersions(db(), ctx.orgId, access.projectId)).find((v) => v.version === (view.labelSchemaVersion ?? access.schemaVersion));
  if (!schemaRow) throw notFound('Schema version');
  const schema = ZLabelSchemaSchema.parse(schemaRow.schema);
  const problems = readProblems(schema, view);
  if (problems.length) throw new DomainError('BAD_REQUEST', `Not ready to submit: ${problems.join('; ')}`);

  const segLabels = schema.labels.filter((l) => l.kind === 'segmentation').map((l) => l.id);
  const masks = await buildMasks(ctx.orgId, access.projectId, view.strokes, segLabels, view.segments);
  const snapshot = Y.encodeStateAsUpdate(doc);
  const { read, together } = await onOwnAssignment(ctx, assignmentId, async (a, tx) => {
    const others = access.shared ? (await assignmentRepository.ofCaseIn(tx, ctx.orgId, a.caseId, ['ASSIGNED', 'IN_PROGRESS'])).filter((o) => o.id !== a.id) : [];
    for (const o of [a, ...others]) {
      const since = o.startedAt ? Math.max(0, now.getTime() - o.startedAt.getTime()) : 0;
      const spent = o === a && opts.activeMs !== undefined ? Math.min(opts.activeMs, since) : since;
      await assignmentRepository.update(tx, ctx.orgId, o.id, {
        status: 'SUBMITTED',
        submittedAt: now,
        // The submitter has read it even through the API without opening it; the others only if they opened it.
        startedAt: o.startedAt ?? (o === a ? now : null),
        timeSpentMs: o.timeSpentMs + spent,
        schemaVersion: schemaRow.version,
      });
    }
    await syncCaseStatuses(tx, ctx.orgId, [a.caseId]);
    const created = await readRepository.create(
      tx,
      {
        orgId: ctx.orgId,
        projectId: access.projectId,
        caseId: a.caseId,
        assignmentId: a.id,
        readerId: ctx.actor.id,
        schemaVersion: schemaRow.version,
        snapshot,
        answers: Object.entries(view.answers).map(([questionId, value]) => ({ questionId, value })),
        findings: view.findings.map((f) => ({
          findingKey: f.id,
          labelId: f.labelId,
          kind: TOOL_KIND[f.tool],
          tool: f.tool,
          seriesUid: seriesOfFinding(f),
          sopUid: f.image?.sopUid ?? null,
          frame: f.image?.frame ?? null,
          plane: f.plane ? { normal: f.plane.normal, viewUp: f.plane.viewUp } : undefined,
          points: f.points,
          values: f.values,
          text: f.text,
          attributes: f.attributes,
        })),
        masks,
        assists: assistOutcomes(view.assists, view.strokes, segLabels, view.findings, view.answers),
        shared: access.shared,
      },
      now,
    );
    return { read: created, together: others.map((o) => o.id) };
  });
  await recordAudit({ orgId: ctx.orgId, actorId: ctx.actor.id, action: 'assignment.submitted', targetType: 'case', targetId: access.caseId, data: { readId: read.id, revision: read.revision, ...(access.shared ? { shared: true, submittedWith: together } : {}) } });
  if ((await agreementRepository.caseForAgreement(db(), ctx.orgId, access.caseId))?.status === 'READS_COMPLETE') await queueCaseAgreement(ctx.orgId, access.projectId, access.caseId);
  return { readId: read.id, revision: read.revision };
}
