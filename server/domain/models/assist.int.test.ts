import { describe, expect, it } from 'vitest';
import { addAssist, setAnswer } from '../../contracts/annotation-doc/doc';
import { encodeRuns } from '../../contracts/annotation-doc/runs';
import type { TAssist } from '../../contracts/annotation-doc/schema';
import { db } from '../../db/client';
import { fingerprint } from '../../db/fingerprint';
import { mrSegmentationWorld } from '../../testing/agreement';
import { collabClient } from '../../testing/collab-client';
import { collabServerForTests } from '../../testing/collab-server';
import { LUNG_SCHEMA } from '../../testing/project-world';

const collab = collabServerForTests();

/** A reader's open read of the world's case, its slices and a connected document client. */
async function openRead(w: Awaited<ReturnType<typeof mrSegmentationWorld>>, readerIndex: number) {
  const reader = await w.as(w.readers[readerIndex]!);
  const assignmentId = (await reader.assignment.next({ orgSlug: w.scope.orgSlug }))!.assignmentId;
  const token = async () => (await reader.assignment.collabToken({ orgSlug: w.scope.orgSlug, assignmentId })).token;
  const slices = await db().instance.findMany({ where: { projectId: w.scope.projectId }, orderBy: { sopInstanceUid: 'asc' }, select: { sopInstanceUid: true, rows: true, columns: true, series: { select: { seriesInstanceUid: true } } } });
  const c = collabClient(collab.url(), `assignment:${assignmentId}`, token);
  await c.synced();
  return { reader, assignmentId, slices, c };
}

const block = (rows: number, columns: number, y0: number, y1: number, x0: number, x1: number) => {
  const m = new Uint8Array(rows * columns);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) m[y * columns + x] = 1;
  return m;
};

describe('[MODEL] model-assisted reads: what readers did with proposals reaches the PM', () => {
  it('counts accepted, edited and rejected proposals per model version with the Dice of each against the submitted mask', { timeout: 120_000 }, async () => {
    const w = await mrSegmentationWorld(LUNG_SCHEMA);
    const { reader, assignmentId, slices, c } = await openRead(w, 0);
    const [s1, s2] = slices;
    const [rows, columns] = [s1!.rows!, s1!.columns!];
    const image = (s: typeof s1) => ({ seriesUid: s!.series.seriesInstanceUid, sopUid: s!.sopInstanceUid, frame: 1 });
    const assist = (id: string, s: typeof s1, mask: Uint8Array, outcome: TAssist['outcome'], prompt: TAssist['prompt'], latencyMs: number): TAssist => ({ id, model: 'Concord click segmentation', version: '1.0.0', prompt, outcome, labelId: 'nodule', image: image(s), rows, columns, runs: encodeRuns(mask), latencyMs });
    const stroke = (id: string, s: typeof s1, mask: Uint8Array, op: 'paint' | 'erase' = 'paint') => ({ id, labelId: 'nodule', op, image: image(s), rows, columns, runs: encodeRuns(mask) });

    const a = block(rows, columns, 100, 110, 50, 70); // 200 px, accepted then one row erased → 180 px kept
    const b = block(rows, columns, 10, 15, 10, 15); // 25 px, rejected; nothing drawn there
    const d = block(rows, columns, 30, 40, 30, 40); // 100 px, accepted as it was
    c.doc.transact(() => {
      setAnswer(c.doc, 'nodule_present', 'yes');
      addAssist(c.doc, assist('a', s1, a, 'accepted', 'click', 80), stroke('sa', s1, a));
      addAssist(c.doc, assist('b', s1, b, 'rejected', 'box', 120));
      addAssist(c.doc, assist('d', s2, d, 'accepted', 'box', 100), stroke('sd', s2, d));
      c.doc.getArray('strokes').push([stroke('e', s1, block(rows, columns, 100, 101, 50, 70), 'erase')]);
    });
    await c.saved();
    c.destroy();
    const { readId } = await reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId });

    // The accepted stroke names its assist in the stored document's read.
    const stored = await db().modelAssist.findMany({ where: { readId }, orderBy: { latencyMs: 'asc' } });
    expect(stored.map((r) => [r.outcome, r.prompt, r.proposalPixels, r.finalPixels])).toEqual([
      ['accepted', 'click', 200, 180],
      ['accepted', 'box', 100, 100],
      ['rejected', 'box', 25, 180],
    ]);
    expect(stored[0]!.dice).toBeCloseTo((2 * 180) / (200 + 180), 12);
    expect(stored[1]!.dice).toBe(1);
    expect(stored[2]!.dice).toBe(0);

    const pm = await w.as(w.users.MANAGER);
    expect(await pm.model.assistStats(w.scope)).toEqual([
      {
        model: 'Concord click segmentation',
        version: '1.0.0',
        proposals: 3,
        accepted: 2,
        edited: 1,
        rejected: 1,
        acceptanceRate: 2 / 3,
        meanDiceAccepted: expect.closeTo((360 / 380 + 1) / 2, 12) as number,
        medianLatencyMs: 100,
        byPrompt: [
          { prompt: 'box', proposals: 2, accepted: 1 },
          { prompt: 'click', proposals: 1, accepted: 1 },
        ],
      },
    ]);
  });

  it('refuses a document with a malformed assist at submit and stores nothing; readers and outsiders cannot see the statistics, leads can', { timeout: 120_000 }, async () => {
    const w = await mrSegmentationWorld(LUNG_SCHEMA);
    const { reader, assignmentId, slices, c } = await openRead(w, 1);
    const s = slices[0]!;
    c.doc.transact(() => {
      setAnswer(c.doc, 'nodule_present', 'no');
      c.doc.getArray('assists').push([{ id: 'x', model: 'm', version: '1', prompt: 'click', outcome: 'maybe', labelId: 'nodule', image: { seriesUid: s.series.seriesInstanceUid, sopUid: s.sopInstanceUid, frame: 1 }, rows: 2, columns: 2, runs: [0, 1], latencyMs: 5 }]);
    });
    await c.saved();
    c.destroy();
    // The annotation-document tables are left out: collaboration servers of test files running
    // beside this one (and the debounced compaction of this document) write them meanwhile.
    const tables = ['Read', 'ReadAnswer', 'Finding', 'Mask', 'ModelAssist', 'Assignment', 'Case', 'CaseAgreement', 'ProjectModel'] as const;
    const before = await fingerprint(tables);
    await expect(reader.assignment.submit({ orgSlug: w.scope.orgSlug, assignmentId })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('model assist 0') as string });
    expect(await fingerprint(tables)).toEqual(before);

    await expect((await w.as(w.users.READER)).model.assistStats(w.scope)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await (await w.as(w.users.LEAD)).model.assistStats(w.scope)).toEqual([]);
    await expect((await w.as(w.users.outsider)).model.assistStats(w.scope)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await (await w.as(w.users.MANAGER)).model.assistStats(w.scope)).toEqual([]);
  });

  it('offers every project member the shipped model with its validated config, and nobody outside the project', { timeout: 60_000 }, async () => {
    const w = await mrSegmentationWorld(LUNG_SCHEMA);
    const m = await (await w.as(w.users.READER)).model.active(w.scope);
    expect(m.classifier).toBeNull();
    expect(m.segmentation).toMatchObject({ id: 'click-seg', shipped: true, url: '/models/click-seg/model.onnx', config: { task: 'interactive-segmentation', input: { name: 'input', width: 96, height: 96 } } });
    await expect((await w.as(w.users.outsider)).model.active(w.scope)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
