import { putFinding, setAnswer, setSegmentAttribute } from '../contracts/annotation-doc/doc';
import { encodeRuns } from '../contracts/annotation-doc/runs';
import type { TAnswer } from '../contracts/annotation-doc/schema';
import type { TLabelSchema } from '../contracts/label-schema';
import { db } from '../db/client';
import { mrSegmentationWorld, settleAgreements } from './agreement';
import { collabClient } from './collab-client';

/** A question, a segmentation label and a box label. */
export const VENTRICLES_SCHEMA: TLabelSchema = {
  questions: [{ id: 'enlarged', text: 'Are the ventricles enlarged?', type: 'single', required: true, help: '', options: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] }],
  labels: [
    { id: 'ventricles', name: 'Ventricles', color: '#3b82f6', kind: 'segmentation', attributes: [] },
    { id: 'lesion', name: 'Lesion', color: '#ef4444', kind: 'box', attributes: [] },
  ],
};

/** Two readers who disagree (answer, mask shifted by 5 columns) on one MR case, which goes to the lead. */
export async function disputedCase(collabUrl: string, schema: TLabelSchema = VENTRICLES_SCHEMA, segmentAnswers: Record<string, TAnswer>[] = []) {
  const w = await mrSegmentationWorld(schema);
  const instances = await db().instance.findMany({ where: { projectId: w.scope.projectId }, orderBy: { instanceNumber: 'asc' }, select: { sopInstanceUid: true, rows: true, columns: true, series: { select: { seriesInstanceUid: true } } } });
  const seriesUid = instances[0]!.series.seriesInstanceUid;
  const [rows, columns] = [instances[0]!.rows!, instances[0]!.columns!];
  const image = { seriesUid, sopUid: instances[1]!.sopInstanceUid, frame: 1 };
  const paint = [rect(rows, columns, 40, 60), rect(rows, columns, 45, 65)];
  for (const [i, reader] of w.readers.entries()) {
    const api = await w.as(reader);
    const assignmentId = (await api.assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
    const c = collabClient(collabUrl, `assignment:${assignmentId}`, async () => (await api.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).token);
    await c.synced();
    c.doc.transact(() => {
      c.doc.getArray('strokes').push([{ id: `s${i}`, labelId: 'ventricles', op: 'paint', image, rows, columns, runs: paint[i]! }]);
      putFinding(c.doc, { id: `b${i}`, labelId: 'lesion', tool: 'box', image, points: [[i, 0, 0], [i + 10, 0, 0], [i, 10, 0], [i + 10, 10, 0]], values: [], text: '', attributes: {} });
      setAnswer(c.doc, 'enlarged', i === 0 ? 'yes' : 'no');
      for (const [q, v] of Object.entries(segmentAnswers[i] ?? {})) setSegmentAttribute(c.doc, 'ventricles', seriesUid, q, v);
    });
    await c.saved();
    c.destroy();
    await api.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId });
  }
  const caseId = (await db().case.findFirstOrThrow({ where: { projectId: w.scope.projectId } })).id;
  await settleAgreements([caseId]);
  const lead = await w.as(w.users.LEAD);
  const pm = await w.as(w.users.MANAGER);
  return { w, caseId, lead, pm, image, rows, columns };
}

/** A client on the case's consensus document (its name comes from the view). */
export async function joinConsensus(collabUrl: string, api: Awaited<ReturnType<typeof disputedCase>>['lead'], scope: { orgSlug: string; projectId: string }, caseId: string) {
  const { docName } = await api.adjudication.view({ ...scope, caseId });
  const c = collabClient(collabUrl, docName, async () => (await api.adjudication.consensusToken({ ...scope, caseId })).token);
  await c.synced();
  return c;
}

export function rect(rows: number, columns: number, x0: number, x1: number) {
  const m = new Uint8Array(rows * columns);
  for (let y = 40; y < 50; y++) for (let x = x0; x < x1; x++) m[y * columns + x] = 1;
  return encodeRuns(m);
}
