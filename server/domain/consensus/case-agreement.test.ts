import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TLabelSchema } from '../../contracts/label-schema';
import { ZFindingSchema, type TAnswer } from '../../contracts/annotation-doc/schema';
import { caseAgreement, type ReadInput } from './case-agreement';
import type { FindingRow } from './objects';
import type { MaskRow } from './segmentations';

const SCHEMA: TLabelSchema = {
  questions: [
    { id: 'q', type: 'single', text: 'Q', required: false, help: '', options: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] },
    { id: 'tags', type: 'multi', text: 'Tags', required: false, help: '', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }, { id: 'z', label: 'Z' }] },
  ],
  labels: [
    { id: 'organ', name: 'Organ', color: '#ff0000', kind: 'segmentation', attributes: [] },
    { id: 'box', name: 'Box', color: '#00ff00', kind: 'box', attributes: [] },
    { id: 'spot', name: 'Spot', color: '#0000ff', kind: 'point', attributes: [] },
    { id: 'len', name: 'Length', color: '#ffff00', kind: 'measurement', attributes: [] },
  ],
};

const DIMS = [8, 6, 3];
const SPACING = [0.5, 0.5, 2];

/** A mask with the given box of voxels set (inclusive x0..x1, y0..y1, z0..z1). */
function mask(box: number[]): MaskRow {
  const [nx, ny, nz] = DIMS as [number, number, number];
  const v = new Uint8Array(nx * ny * nz);
  let count = 0;
  for (let z = box[2]!; z <= box[5]!; z++) {
    for (let y = box[1]!; y <= box[4]!; y++) {
      for (let x = box[0]!; x <= box[3]!; x++) {
        v[(z * ny + y) * nx + x] = 1;
        count++;
      }
    }
  }
  return { labelId: 'organ', seriesUid: 's1', dims: DIMS, spacing: SPACING, origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1], voxelCount: count, voxels: deflateSync(v) };
}

const finding = (key: string, labelId: string, tool: string, points: number[][], values: FindingRow['values'] = [], sop = 'i1'): FindingRow => ({
  findingKey: key, labelId, tool, seriesUid: 's1', sopUid: sop, frame: 1, points, values, text: '', attributes: {},
});
const read = (readerId: string, part: Partial<ReadInput>): ReadInput => ({ readId: `read-${readerId}`, readerId, answers: {}, findings: [], masks: [], ...part });
const axial = () => ({ row: [1, 0, 0], col: [0, 1, 0] });
const policy = { method: 'MAJORITY' as const, threshold: 0.5 };

describe('[AGREEMENT] one case: items, candidate consensus and the policy', () => {
  it('segmentation: Dice per reader pair by voxel counting, a majority-vote consensus, STAPLE figures, volumes in ml', () => {
    // A: 4×3×1 = 12 voxels at x0..3; B: shifted by one in x (overlap 3×3 = 9); C: the same as A.
    const reads = [read('a', { masks: [mask([0, 0, 0, 3, 2, 0])] }), read('b', { masks: [mask([1, 0, 0, 4, 2, 0])] }), read('c', { masks: [mask([0, 0, 0, 3, 2, 0])] })];
    const r = caseAgreement(SCHEMA, reads, policy, axial);
    const item = r.items.find((i) => i.kind === 'segmentation');
    if (item?.kind !== 'segmentation') throw new Error('no segmentation item');
    expect(item.pairs.map((p) => [p.a, p.b, p.dice])).toEqual([['a', 'b', (2 * 9) / 24], ['a', 'c', 1], ['b', 'c', (2 * 9) / 24]]);
    expect(item.agreement).toBeCloseTo((0.75 + 1 + 0.75) / 3, 12);
    expect(item.readers[0]!.volumeMl).toBeCloseTo((12 * 0.5 * 0.5 * 2) / 1000, 15);
    // Two of three readers mark x0..3: the majority is A.
    expect(r.masks).toHaveLength(1);
    const consensus = inflateSync(r.masks[0]!.voxels);
    expect(consensus.reduce((s, v) => s + v, 0)).toBe(12);
    expect(consensus).toEqual(inflateSync(reads[0]!.masks[0]!.voxels));
    expect(item.readers.map((x) => x.sensitivity! > 0.99)).toEqual([true, false, true]);
    expect(r.score).toBeCloseTo(item.agreement!, 12);
  });

  it('segmentation: a reader who painted nothing has an empty mask (Dice 0 with the others); identical readers give STAPLE 1/1', () => {
    const r = caseAgreement(SCHEMA, [read('a', { masks: [mask([0, 0, 0, 1, 1, 1])] }), read('b', {})], policy, axial);
    const item = r.items.find((i) => i.kind === 'segmentation');
    expect(item).toMatchObject({ agreement: 0, pairs: [{ a: 'a', b: 'b', dice: 0, hausdorff: null }] });
    expect(r.decision).toBe('ADJUDICATE');
    const same = caseAgreement(SCHEMA, [read('a', { masks: [mask([0, 0, 0, 1, 1, 1])] }), read('b', { masks: [mask([0, 0, 0, 1, 1, 1])] })], { method: 'STAPLE', threshold: 0.9 }, axial);
    const s = same.items.find((i) => i.kind === 'segmentation');
    if (s?.kind !== 'segmentation') throw new Error('no segmentation item');
    expect(s.readers.map((x) => [x.sensitivity, x.specificity])).toEqual([[1, 1], [1, 1]]);
    expect(same.masks[0]).toMatchObject({ method: 'staple', voxelCount: 8 });
    expect(same.decision).toBe('ACCEPTED');
  });

  it('a consensus segment gets, per question of its label, the consensus the question would get at study level', () => {
    const option = (id: string) => ({ id, label: id.toUpperCase() });
    const organ = {
      ...SCHEMA.labels[0]!,
      attributes: [
        { id: 'shape', type: 'single' as const, text: 'Shape', required: false, help: '', options: [option('round'), option('oval')] },
        { id: 'size', type: 'single' as const, text: 'Size', required: false, help: '', options: [option('big'), option('small')] },
        { id: 'tags', type: 'multi' as const, text: 'Tags', required: false, help: '', options: [option('x'), option('y'), option('z')] },
        { id: 'hu', type: 'number' as const, text: 'HU', required: false, help: '', unit: 'HU' },
        { id: 'note', type: 'text' as const, text: 'Note', required: false, help: '', maxLength: 100 },
      ],
    };
    const schema = { ...SCHEMA, labels: [organ, ...SCHEMA.labels.slice(1)] };
    const answered = (attributes: Record<string, TAnswer>) => ({ ...mask([0, 0, 0, 1, 1, 1]), attributes });
    const reads = [
      read('a', { masks: [answered({ shape: 'round', size: 'big', tags: ['x', 'y'], hu: 30, note: 'same' })] }),
      read('b', { masks: [answered({ shape: 'round', size: 'small', tags: ['x', 'y'], hu: 40, note: 'same' })] }),
      read('c', { masks: [answered({ shape: 'oval', tags: ['y', 'z'], hu: 35 })] }),
    ];
    const r = caseAgreement(schema, reads, policy, axial);
    // A size tie and free text are left to the lead; tags: each option most readers ticked; HU: the mean.
    expect(r.consensus.segments).toEqual([{ labelId: 'organ', seriesUid: 's1', attributes: { shape: 'round', tags: ['x', 'y'], hu: 35 } }]);
    // Answers to questions the label does not ask are not carried.
    expect(caseAgreement(SCHEMA, reads, policy, axial).consensus.segments).toEqual([]);
  });

  it('masks on different grids are reported, not compared', () => {
    const other = { ...mask([0, 0, 0, 1, 1, 0]), dims: [8, 6, 4], voxels: deflateSync(new Uint8Array(8 * 6 * 4).fill(1)) };
    const r = caseAgreement(SCHEMA, [read('a', { masks: [mask([0, 0, 0, 1, 1, 0])] }), read('b', { masks: [other] })], policy, axial);
    expect(r.items.find((i) => i.kind === 'segmentation')).toMatchObject({ agreement: null, reason: expect.stringMatching(/do not share one grid: mask 1 has dimensions 8×6×4/) });
  });

  it('boxes: IoU-matched per image in the image plane, fused by the mean, back in patient space; F1 per pair', () => {
    // Axial image at z = 7: a and b box the same lesion (IoU 0.81), c boxes something else.
    const at = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0, 7], [x1, y0, 7], [x0, y1, 7], [x1, y1, 7]];
    const reads = [
      read('a', { findings: [finding('a1', 'box', 'box', at(0, 0, 10, 10))] }),
      read('b', { findings: [finding('b1', 'box', 'box', at(1, 1, 11, 11))] }),
      read('c', { findings: [finding('c1', 'box', 'box', at(50, 50, 60, 60))] }),
    ];
    const r = caseAgreement(SCHEMA, reads, policy, axial);
    const item = r.items.find((i) => i.kind === 'box');
    if (item?.kind !== 'box') throw new Error('no box item');
    expect(item.clusters.map((c) => [c.members.map((m) => m.findingKey), c.consensus])).toEqual([[['a1', 'b1'], true], [['c1'], false]]);
    expect(item.pairs).toEqual([{ a: 'a', b: 'b', f1: 1 }, { a: 'a', b: 'c', f1: 0 }, { a: 'b', b: 'c', f1: 0 }]);
    expect(r.consensus.findings).toEqual([expect.objectContaining({ labelId: 'box', tool: 'box', points: [[0.5, 0.5, 7], [10.5, 0.5, 7], [0.5, 10.5, 7], [10.5, 10.5, 7]] })]);
    // Each member is 10×10, the fused box the same shifted by 0.5: IoU 9.5² / (200 − 9.5²).
    expect(item.clusters[0]!.fit).toBeCloseTo((9.5 * 9.5) / (200 - 9.5 * 9.5), 12);
  });

  it('points and measurements: matched by centre distance (10 mm); the mean point, the medoid measurement with averaged values, its line stretched to the mean', () => {
    const reads = [
      read('a', { findings: [finding('a1', 'spot', 'point', [[0, 0, 0]]), finding('a2', 'len', 'length', [[0, 0, 0], [12, 0, 0]], [{ name: 'length', value: 12, unit: 'mm' }])] }),
      read('b', { findings: [finding('b1', 'spot', 'point', [[3, 0, 0]]), finding('b2', 'len', 'length', [[0, 1, 0], [14, 1, 0]], [{ name: 'length', value: 14, unit: 'mm' }])] }),
      read('c', { findings: [finding('c1', 'spot', 'point', [[30, 0, 0]]), finding('c2', 'len', 'length', [[0, 0, 0], [19, 0, 0]], [{ name: 'length', value: 19, unit: 'mm' }])] }),
    ];
    const r = caseAgreement(SCHEMA, reads, policy, axial);
    expect(r.consensus.findings.find((f) => f.labelId === 'spot')!.points).toEqual([[1.5, 0, 0]]);
    const len = r.items.find((i) => i.kind === 'measurement');
    if (len?.kind !== 'measurement') throw new Error('no measurement item');
    // Centres 6, 7 and 9.5 mm along x: all within 10 mm of the running cluster centre.
    expect(len.clusters[0]!.values).toEqual([{ name: 'length', unit: 'mm', byReader: [{ readerId: 'a', value: 12 }, { readerId: 'b', value: 14 }, { readerId: 'c', value: 19 }], mean: 15, min: 12, max: 19 }]);
    const fused = r.consensus.findings.find((f) => f.labelId === 'len')!;
    expect(fused.values).toEqual([{ name: 'length', value: 15, unit: 'mm' }]);
    // The medoid is b's line (centre 7, 1, 0): same centre and direction, 15 mm long, so it measures the mean.
    expect(fused.points).toEqual([[-0.5, 1, 0], [14.5, 1, 0]]);
    const spot = r.items.find((i) => i.kind === 'point');
    expect(spot?.agreement).toBeCloseTo((1 + 0 + 0) / 3, 12);
  });

  it('a measurement on a reconstructed plane (MPR) matches one on an image by its centre; the consensus keeps the medoid’s plane', () => {
    const onPlane = (f: FindingRow): FindingRow => ({ ...f, sopUid: null, frame: null, plane: { normal: [0, 1, 0], viewUp: [0, 0, 1] } });
    const length = (key: string, x0: number, x1: number) => finding(key, 'len', 'length', [[x0, 0, 0], [x1, 0, 0]], [{ name: 'length', value: x1 - x0, unit: 'mm' }]);
    const reads = [read('a', { findings: [length('a', 0, 12)] }), read('b', { findings: [onPlane(length('b', 0, 14))] }), read('c', { findings: [onPlane(length('c', 1, 15)), onPlane(length('c2', 60, 70))] })];
    const r = caseAgreement(SCHEMA, reads, policy, axial);
    const len = r.items.find((i) => i.kind === 'measurement');
    if (len?.kind !== 'measurement') throw new Error('no measurement item');
    expect(len.clusters.map((c) => c.members.map((m) => m.findingKey))).toEqual([['a', 'b', 'c'], ['c2']]);
    expect(len.pairs.map((p) => p.f1)).toEqual([1, 2 / 3, 2 / 3]); // c also found one far off
    // Centres 6, 7 and 8 mm: b's is the medoid, and the consensus lies on its plane.
    const fused = r.consensus.findings.find((f) => f.labelId === 'len')!;
    expect(fused.image).toBeUndefined();
    expect(fused.plane).toEqual({ seriesUid: 's1', normal: [0, 1, 0], viewUp: [0, 0, 1] });
    expect(ZFindingSchema.safeParse(fused).success).toBe(true);
  });

  it('a bidirectional consensus draws both axes at their mean lengths, each about its own midpoint', () => {
    const bidi = (key: string, long: number, short: number) =>
      finding(key, 'len', 'bidirectional', [[-long / 2, 0, 0], [long / 2, 0, 0], [0, -short / 2, 0], [0, short / 2, 0]], [{ name: 'long axis', value: long, unit: 'mm' }, { name: 'short axis', value: short, unit: 'mm' }]);
    const r = caseAgreement(SCHEMA, [read('a', { findings: [bidi('a', 10, 6)] }), read('b', { findings: [bidi('b', 14, 8)] })], policy, axial);
    const fused = r.consensus.findings.find((f) => f.labelId === 'len')!;
    const dist = (p: number[], q: number[]) => Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
    expect(dist(fused.points[0]!, fused.points[1]!)).toBeCloseTo(12, 9);
    expect(dist(fused.points[2]!, fused.points[3]!)).toBeCloseTo(7, 9);
    expect(fused.points[0]![1]).toBe(0);
    expect(fused.points[2]![0]).toBe(0);
  });

  it('questions: pairwise agreement, multi-choice Jaccard and majority options; the policy’s decisions and reasons', () => {
    const reads = [read('a', { answers: { q: 'a', tags: ['x', 'y'] } }), read('b', { answers: { q: 'a', tags: ['x'] } }), read('c', { answers: { q: 'a', tags: ['x', 'z'] } })];
    const r = caseAgreement(SCHEMA, reads, { method: 'MAJORITY', threshold: 0.44 }, axial);
    expect(r.items.find((i) => i.id === 'tags')).toMatchObject({ agreement: (0.5 + 1 / 3 + 0.5) / 3, consensus: ['x'] });
    expect(r).toMatchObject({ decision: 'ACCEPTED', consensus: { answers: { q: 'a', tags: ['x'] } } });
    expect(r.score).toBeCloseTo((0.5 + 1 / 3 + 0.5) / 3, 12);
    expect(caseAgreement(SCHEMA, reads, { method: 'MAJORITY', threshold: 0.45 }, axial)).toMatchObject({ decision: 'ADJUDICATE', reason: 'Agreement 0.44 on “Tags” is below the threshold 0.45' });
    expect(caseAgreement(SCHEMA, reads, { method: 'LEAD_DECIDES', threshold: 0.1 }, axial)).toMatchObject({ decision: 'ADJUDICATE', reason: 'The project’s policy: a lead decides every case' });
    expect(caseAgreement(SCHEMA, reads, { method: 'MAJORITY', threshold: null }, axial)).toMatchObject({ decision: 'ADJUDICATE', reason: 'The project sets no auto-accept threshold' });
    const tie = [read('a', { answers: { q: 'a' } }), read('b', { answers: { q: 'b' } })];
    expect(caseAgreement(SCHEMA, tie, { method: 'MAJORITY', threshold: 0 }, axial)).toMatchObject({ decision: 'ADJUDICATE', reason: 'Tie on “Q”', consensus: { answers: {} } });
    expect(caseAgreement(SCHEMA, [read('a', { answers: { q: 'b' } })], policy, axial)).toMatchObject({ decision: 'ACCEPTED', reason: 'One read: it is the consensus', score: null, consensus: { answers: { q: 'b' } } });
    expect(caseAgreement(SCHEMA, [read('a', {}), read('b', {})], policy, axial)).toMatchObject({ decision: 'ADJUDICATE', reason: 'Nothing on this case can be scored', score: null });
    // A collaborative case's one shared read stands without a threshold; only "lead decides" sends it on.
    const shared = [read('a', { answers: { q: 'b' } })];
    expect(caseAgreement(SCHEMA, shared, { method: 'MAJORITY', threshold: null, collaborative: true }, axial)).toMatchObject({ decision: 'ACCEPTED', reason: 'Collaborative project: the readers’ shared read is the consensus', consensus: { answers: { q: 'b' } } });
    expect(caseAgreement(SCHEMA, shared, { method: 'LEAD_DECIDES', threshold: null, collaborative: true }, axial)).toMatchObject({ decision: 'ADJUDICATE' });
    expect(caseAgreement(SCHEMA, shared, { method: 'MAJORITY', threshold: null }, axial)).toMatchObject({ decision: 'ADJUDICATE' });
  });
});
