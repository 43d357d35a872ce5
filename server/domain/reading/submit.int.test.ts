import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { putFinding, readDoc, setAnswer, setSegmentAttribute } from '../../contracts/annotation-doc/doc';
import { encodeRuns } from '../../contracts/annotation-doc/runs';
import type { TFinding } from '../../contracts/annotation-doc/schema';
import type { TLabelSchema } from '../../contracts/label-schema';
import { db } from '../../db/client';
import { fingerprint } from '../../db/fingerprint';
import { collabClient } from '../../testing/collab-client';
import { collabServerForTests } from '../../testing/collab-server';
import { FIXTURES, filesIn, ingestAs } from '../../testing/dicom';
import { projectWorld } from '../../testing/project-world';
import { loadDoc } from './doc-store';
import { findingOf } from './finding-row';

const SCHEMA: TLabelSchema = {
  questions: [{ id: 'quality', type: 'single', text: 'Image quality', required: true, help: '', options: [{ id: 'ok', label: 'OK' }, { id: 'poor', label: 'Poor' }] }],
  labels: [
    { id: 'ventricles', name: 'Ventricles', color: '#3b82f6', kind: 'segmentation', attributes: [] },
    { id: 'width', name: 'Width', color: '#22c55e', kind: 'measurement', attributes: [{ id: 'conf', type: 'single', text: 'Confidence', required: true, help: '', options: [{ id: 'hi', label: 'High' }, { id: 'lo', label: 'Low' }] }] },
  ],
};

const collab = collabServerForTests();

/** A project with four real MR slices as one case, read by two readers. */
async function mrWorld(schema: TLabelSchema = SCHEMA) {
  const w = await projectWorld({ readers: 2, readersPerCase: 2 });
  const pm = await w.as(w.users.MANAGER);
  await pm.project.saveLabelSchema({ ...w.scope, schema });
  await ingestAs(w.users.MANAGER, w.scope, filesIn(FIXTURES.mrSeries).slice(20, 24));
  await pm.case.distribute(w.scope);
  const instances = await db().instance.findMany({ where: { projectId: w.scope.projectId }, select: { sopInstanceUid: true, imagePosition: true, imageOrientation: true, pixelSpacing: true, rows: true, columns: true, series: { select: { seriesInstanceUid: true } } } });
  const reader = await w.as(w.readers[0]!);
  const assignmentId = (await reader.assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
  const token = async () => (await reader.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).token;
  return { w, pm, reader, assignmentId, instances, token };
}

describe('[READING] submit materialises the annotation document', () => {
  it('stores the answers, findings and masks (with the series geometry) the agreement engine reads', { timeout: 120_000 }, async () => {
    const { w, reader, assignmentId, instances, token } = await mrWorld();
    const seriesUid = instances[0]!.series.seriesInstanceUid;
    const onPlane: TFinding = { id: 'f2', labelId: 'width', tool: 'length', plane: { seriesUid, normal: [1, 0, 0], viewUp: [0, 0, 1] }, points: [[5, 1, 1], [5, 4, 5]], values: [{ name: 'length', value: 5, unit: 'mm' }], text: '', attributes: { conf: 'lo' } };
    // Slices along row × column (the slice direction of DICOM), as the mask's z axis runs.
    const [r, k] = [instances[0]!.imageOrientation.slice(0, 3), instances[0]!.imageOrientation.slice(3)];
    const normal = [r[1]! * k[2]! - r[2]! * k[1]!, r[2]! * k[0]! - r[0]! * k[2]!, r[0]! * k[1]! - r[1]! * k[0]!];
    const along = (p: number[]) => p[0]! * normal[0]! + p[1]! * normal[1]! + p[2]! * normal[2]!;
    const ordered = [...instances].sort((a, b) => along(a.imagePosition) - along(b.imagePosition));
    const [rows, columns] = [ordered[0]!.rows!, ordered[0]!.columns!];

    const c = collabClient(collab.url(), `assignment:${assignmentId}`, token);
    await c.synced();
    const painted = new Uint8Array(rows * columns);
    for (let y = 100; y < 110; y++) for (let x = 50; x < 70; x++) painted[y * columns + x] = 1;
    c.doc.transact(() => {
      setAnswer(c.doc, 'quality', 'ok');
      putFinding(c.doc, { id: 'f1', labelId: 'width', tool: 'length', image: { seriesUid, sopUid: ordered[1]!.sopInstanceUid, frame: 1 }, points: [[1, 2, 3], [4, 6, 3]], values: [{ name: 'length', value: 5, unit: 'mm' }], text: '', attributes: { conf: 'hi' } });
      // Measured on a sagittal reconstruction: on no acquired image.
      putFinding(c.doc, onPlane);
      for (const [i, s] of [ordered[1]!, ordered[2]!].entries()) {
        const runs = encodeRuns(painted);
        c.doc.getArray('strokes').push([{ id: `s${i}`, labelId: 'ventricles', op: 'paint', image: { seriesUid, sopUid: s.sopInstanceUid, frame: 1 }, rows, columns, runs }]);
      }
      // Erase one row on the second slice.
      const row = new Uint8Array(rows * columns);
      for (let x = 50; x < 70; x++) row[100 * columns + x] = 1;
      c.doc.getArray('strokes').push([{ id: 'e', labelId: 'ventricles', op: 'erase', image: { seriesUid, sopUid: ordered[2]!.sopInstanceUid, frame: 1 }, rows, columns, runs: encodeRuns(row) }]);
    });
    await c.saved();
    c.destroy();

    const { readId, revision } = await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId });
    expect(revision).toBe(1);
    const read = await db().read.findUniqueOrThrow({ where: { id: readId }, include: { answers: true, findings: true, masks: true } });
    expect(read).toMatchObject({ readerId: w.readers[0]!.id, schemaVersion: 2, supersededAt: null });
    expect(read.answers).toEqual([{ readId, questionId: 'quality', value: 'ok' }]);
    const findings = read.findings.sort((a, b) => a.findingKey.localeCompare(b.findingKey));
    expect(findings).toMatchObject([
      { findingKey: 'f1', labelId: 'width', kind: 'measurement', tool: 'length', seriesUid, sopUid: ordered[1]!.sopInstanceUid, frame: 1, plane: null, points: [[1, 2, 3], [4, 6, 3]], values: [{ name: 'length', value: 5, unit: 'mm' }], attributes: { conf: 'hi' } },
      { findingKey: 'f2', kind: 'measurement', seriesUid, sopUid: null, frame: null, plane: { normal: [1, 0, 0], viewUp: [0, 0, 1] } },
    ]);
    // Read back as the agreement engine and exports take it: the finding as drawn.
    expect(findingOf(findings[1]!)).toEqual(onPlane);
    expect(read.masks).toHaveLength(1);
    const m = read.masks[0]!;
    expect(m).toMatchObject({ labelId: 'ventricles', seriesUid, dims: [columns, rows, 4], voxelCount: 200 + 180 });
    expect(m.origin).toEqual(ordered[0]!.imagePosition);
    expect(m.spacing[0]).toBeCloseTo(ordered[0]!.pixelSpacing[1]!, 9);
    expect(m.spacing[1]).toBeCloseTo(ordered[0]!.pixelSpacing[0]!, 9);
    const gap = Math.hypot(...[0, 1, 2].map((k) => ordered[1]!.imagePosition[k]! - ordered[0]!.imagePosition[k]!));
    expect(m.spacing[2]).toBeCloseTo(gap, 6);
    expect(m.direction.slice(0, 6)).toEqual(ordered[0]!.imageOrientation);
    const voxels = inflateSync(m.voxels);
    expect(voxels.length).toBe(columns * rows * 4);
    const at = (x: number, y: number, z: number) => voxels[z * rows * columns + y * columns + x];
    expect([at(50, 100, 1), at(69, 109, 1), at(50, 100, 2), at(50, 101, 2), at(50, 100, 0), at(50, 100, 3), at(49, 100, 1)]).toEqual([1, 1, 0, 1, 0, 0, 0]);
    // The snapshot is the document as submitted.
    expect(readDoc(await loadDoc(`assignment:${assignmentId}`)).answers).toEqual({ quality: 'ok' });
    const assignment = await db().assignment.findUniqueOrThrow({ where: { id: assignmentId } });
    expect(assignment.status).toBe('SUBMITTED');
  });

  it('asks a segmentation label\'s questions for the segment painted; the answers are kept with its mask', { timeout: 120_000 }, async () => {
    const side = { id: 'side', type: 'single' as const, text: 'Side', required: true, help: '', options: [{ id: 'left', label: 'Left' }, { id: 'both', label: 'Both' }] };
    const schema: TLabelSchema = { questions: [], labels: [{ id: 'ventricles', name: 'Ventricles', color: '#3b82f6', kind: 'segmentation', attributes: [side] }] };
    const { w, reader, assignmentId, instances, token } = await mrWorld(schema);
    const { sopInstanceUid, rows, columns, series } = instances[0]!;
    const c = collabClient(collab.url(), `assignment:${assignmentId}`, token);
    await c.synced();
    const painted = new Uint8Array(rows! * columns!).fill(1, 1000, 1100);
    c.doc.getArray('strokes').push([{ id: 's', labelId: 'ventricles', op: 'paint', image: { seriesUid: series.seriesInstanceUid, sopUid: sopInstanceUid, frame: 1 }, rows, columns, runs: encodeRuns(painted) }]);
    await c.saved();
    const before = await fingerprint();
    await expect(reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('Segment “Ventricles”: “Side” needs an answer') });
    expect(await fingerprint()).toEqual(before);
    setSegmentAttribute(c.doc, 'ventricles', series.seriesInstanceUid, 'side', 'both');
    await c.saved();
    c.destroy();
    const { readId } = await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId });
    const masks = await db().mask.findMany({ where: { readId }, select: { labelId: true, voxelCount: true, attributes: true } });
    expect(masks).toEqual([{ labelId: 'ventricles', voxelCount: 100, attributes: { side: 'both' } }]);
  });

  it('refuses an incomplete read, another reader’s read and a second submit, changing nothing', { timeout: 120_000 }, async () => {
    const { w, reader, assignmentId, token } = await mrWorld();
    const c = collabClient(collab.url(), `assignment:${assignmentId}`, token);
    await c.synced();
    c.doc.transact(() => putFinding(c.doc, { id: 'f1', labelId: null, tool: 'point', image: { seriesUid: '1', sopUid: '1', frame: 1 }, points: [[0, 0, 0]], values: [], text: '', attributes: {} }));
    await c.saved();
    const other = await w.as(w.readers[1]!);
    const manager = await w.as(w.users.MANAGER);
    const before = await fingerprint();
    await expect(reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/“Image quality” needs an answer.*Finding 1 \(point\) has no label/),
    });
    await expect(other.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(manager.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await fingerprint()).toEqual(before);

    c.doc.transact(() => c.doc.getMap('findings').delete('f1'));
    await c.saved();
    c.destroy();
    await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId, answers: { quality: 'poor' } });
    await expect(reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('a reopened read submits as a new revision; the first stays as it was', { timeout: 120_000 }, async () => {
    const { w, pm, reader, assignmentId } = await mrWorld();
    const first = await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId, answers: { quality: 'ok' } });
    await pm.case.reopen({ ...w.scope, assignmentId, reason: 'Check again' });
    const second = await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId, answers: { quality: 'poor' } });
    expect(second.revision).toBe(2);
    const reads = await db().read.findMany({ where: { assignmentId }, orderBy: { revision: 'asc' }, include: { answers: true } });
    expect(reads.map((r) => [r.id, r.supersededAt !== null, r.answers[0]!.value])).toEqual([
      [first.readId, true, 'ok'],
      [second.readId, false, 'poor'],
    ]);
  });

  it('records time spent: the viewer’s active time, never more than the time since the start; a reopened read adds its new period only', { timeout: 120_000 }, async () => {
    const { w, pm, reader, assignmentId } = await mrWorld();
    await reader.assignment.start({ orgSlug: w.scope.orgSlug, assignmentId });
    const startedMinutesAgo = (m: number) => db().assignment.update({ where: { id: assignmentId }, data: { startedAt: new Date(Date.now() - m * 60_000) } });
    const spent = async () => (await db().assignment.findUniqueOrThrow({ where: { id: assignmentId } })).timeSpentMs;
    await startedMinutesAgo(30);
    await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId, answers: { quality: 'ok' }, activeMs: 125_000 });
    expect(await spent()).toBe(125_000);

    // Reopened: the new period starts at the reopening (not at the first start, 30 minutes ago).
    // Without the viewer's figure, the wall-clock time of the period counts.
    await pm.case.reopen({ ...w.scope, assignmentId, reason: 'Check again' });
    await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId });
    expect(await spent()).toBeGreaterThan(125_000);
    expect(await spent()).toBeLessThan(125_000 + 60_000);

    // An active time longer than the period is capped by it.
    await pm.case.reopen({ ...w.scope, assignmentId, reason: 'Once more' });
    const before = await spent();
    await startedMinutesAgo(1);
    await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId, activeMs: 10 * 3600_000 });
    expect((await spent()) - before).toBeGreaterThanOrEqual(60_000);
    expect((await spent()) - before).toBeLessThan(90_000);

    await expect(reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId, activeMs: -1 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
