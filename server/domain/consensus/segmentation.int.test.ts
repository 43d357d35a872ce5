import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { putFinding } from '../../contracts/annotation-doc/doc';
import { encodeRuns } from '../../contracts/annotation-doc/runs';
import type { TLabelSchema } from '../../contracts/label-schema';
import { db } from '../../db/client';
import { mrSegmentationWorld, settleAgreements } from '../../testing/agreement';
import { collabClient } from '../../testing/collab-client';
import { collabServerForTests } from '../../testing/collab-server';

const SCHEMA: TLabelSchema = {
  questions: [],
  labels: [
    { id: 'ventricles', name: 'Ventricles', color: '#3b82f6', kind: 'segmentation', attributes: [] },
    { id: 'lesion', name: 'Lesion', color: '#ef4444', kind: 'box', attributes: [] },
  ],
};

const collab = collabServerForTests();

describe('[AGREEMENT] segmentations and boxes drawn in annotation documents', () => {
  it('compares two readers’ painted masks and boxes on a real MR series and stores the STAPLE consensus mask with the series geometry', { timeout: 180_000 }, async () => {
    const w = await mrSegmentationWorld(SCHEMA);
    const instances = await db().instance.findMany({ where: { projectId: w.scope.projectId }, orderBy: { instanceNumber: 'asc' }, select: { sopInstanceUid: true, rows: true, columns: true, imageOrientation: true, series: { select: { seriesInstanceUid: true } } } });
    const seriesUid = instances[0]!.series.seriesInstanceUid;
    const [rows, columns] = [instances[0]!.rows!, instances[0]!.columns!];
    const rect = (x0: number, x1: number) => {
      const m = new Uint8Array(rows * columns);
      for (let y = 40; y < 50; y++) for (let x = x0; x < x1; x++) m[y * columns + x] = 1;
      return encodeRuns(m);
    };
    // Reader 1 paints 20×10 at x 40..59 on the middle slice; reader 2 the same 20 columns shifted by 5.
    const paint = [rect(40, 60), rect(45, 65)];
    const boxAt = (x0: number) => [[x0, 0, 0], [x0 + 10, 0, 0], [x0, 10, 0], [x0 + 10, 10, 0]] as [number, number, number][];
    for (const [i, reader] of w.readers.entries()) {
      const api = await w.as(reader);
      const assignmentId = (await api.assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
      const c = collabClient(collab.url(), `assignment:${assignmentId}`, async () => (await api.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).token);
      await c.synced();
      c.doc.transact(() => {
        c.doc.getArray('strokes').push([{ id: `s${i}`, labelId: 'ventricles', op: 'paint', image: { seriesUid, sopUid: instances[1]!.sopInstanceUid, frame: 1 }, rows, columns, runs: paint[i]! }]);
        putFinding(c.doc, { id: `b${i}`, labelId: 'lesion', tool: 'box', image: { seriesUid, sopUid: instances[1]!.sopInstanceUid, frame: 1 }, points: boxAt(i), values: [], text: '', attributes: {} });
      });
      await c.saved();
      c.destroy();
      await api.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId });
    }
    await settleAgreements([(await db().case.findFirstOrThrow({ where: { projectId: w.scope.projectId } })).id]);

    const agreement = await db().caseAgreement.findFirstOrThrow({ where: { projectId: w.scope.projectId }, include: { masks: true, case: true } });
    expect(agreement).toMatchObject({ method: 'STAPLE', decision: 'ADJUDICATE', case: { status: 'IN_ADJUDICATION' } });
    const items = agreement.items as { kind: string; pairs: { dice?: number; f1?: number; hausdorff?: number }[]; agreement: number }[];
    const seg = items.find((i) => i.kind === 'segmentation')!;
    // 200 voxels each, overlapping on 15 columns × 10 rows.
    expect(seg.pairs[0]!.dice).toBeCloseTo((2 * 150) / 400, 12);
    // Boxes 10 mm wide, one shifted by 1 mm: IoU 90/110 ≥ 0.5, so they match.
    expect(items.find((i) => i.kind === 'box')!.pairs[0]!.f1).toBe(1);
    expect(agreement.score).toBeCloseTo(0.75, 12);
    expect(agreement.reason).toBe('Agreement 0.75 on “Ventricles” is below the threshold 0.9');

    const read = await db().mask.findFirstOrThrow({ where: { read: { caseId: agreement.caseId } } });
    expect(agreement.masks).toHaveLength(1);
    const m = agreement.masks[0]!;
    expect(m).toMatchObject({ labelId: 'ventricles', seriesUid, method: 'staple', dims: read.dims, spacing: read.spacing, origin: read.origin, direction: read.direction });
    const voxels = inflateSync(m.voxels);
    expect(voxels.length).toBe(rows * columns * 3);
    // Two readers with equal standing: STAPLE keeps what both marked (the overlap) and no more than the union.
    expect(m.voxelCount).toBeGreaterThanOrEqual(150);
    expect(m.voxelCount).toBeLessThanOrEqual(250);
    // The middle slice (z = 1) holds it; the overlap x 45..59, y 40..49 is all in.
    let overlap = 0;
    for (let y = 40; y < 50; y++) for (let x = 45; x < 60; x++) overlap += voxels[rows * columns + y * columns + x]!;
    expect(overlap).toBe(150);
  });
});
