import { describe, expect, it } from 'vitest';
import { boxConsensus, hungarian, iou, pointConsensus, seededRandom, stapleMultiLabel, type Box } from '../index';

describe('[STATS]: Hungarian assignment', () => {
  it('finds the optimum of a classic 3 × 3 example', () => {
    // rows: workers, cols: jobs; the optimum 0→1, 1→0, 2→2 costs 1 + 2 + 2 = 5.
    const cost = [4, 1, 3, 2, 0, 5, 3, 2, 2];
    expect([...hungarian(cost, 3, 3)]).toEqual([1, 0, 2]);
  });

  it.each(Array.from({ length: 30 }, (_, i) => i + 1))('seed %i: equals brute force on random rectangular matrices', (seed) => {
    const r = seededRandom(seed);
    const rows = 1 + Math.floor(r() * 5);
    const cols = 1 + Math.floor(r() * 5);
    const cost = Array.from({ length: rows * cols }, () => Math.round(r() * 100));
    const match = hungarian(cost, rows, cols);
    const total = (m: ArrayLike<number>) => Array.from(m).reduce((s: number, j, i) => s + (j >= 0 ? cost[i * cols + j]! : 0), 0);
    // Brute force over injective assignments of min(rows, cols) pairs.
    let best = Infinity;
    const rec = (i: number, used: Set<number>, acc: number, assigned: number) => {
      if (i === rows) {
        if (assigned === Math.min(rows, cols)) best = Math.min(best, acc);
        return;
      }
      rec(i + 1, used, acc, assigned);
      for (let j = 0; j < cols; j++) if (!used.has(j)) rec(i + 1, new Set([...used, j]), acc + cost[i * cols + j]!, assigned + 1);
    };
    rec(0, new Set(), 0, 0);
    expect(Array.from(match).filter((j) => j >= 0)).toHaveLength(Math.min(rows, cols));
    expect(total(match)).toBe(best);
  });
});

describe('[STATS]: box and point consensus', () => {
  it('IoU of hand-computable boxes', () => {
    expect(iou([0, 0, 2, 2], [1, 1, 3, 3])).toBeCloseTo(1 / 7, 12);
    expect(iou([0, 0, 1, 1], [2, 2, 3, 3])).toBe(0);
  });

  it('matches the same lesion across three readers, fuses it, and reports a finding only one reader saw', () => {
    const readers: Box[][] = [
      [[10, 10, 20, 20], [50, 50, 60, 60]],
      [[11, 9, 21, 19]],
      [[9, 10, 19, 21], [80, 80, 90, 90]],
    ];
    const r = boxConsensus(readers);
    expect(r.consensus).toHaveLength(1);
    expect(r.consensus[0]!.members.map((m) => m.reader)).toEqual([0, 1, 2]);
    expect(r.consensus[0]!.fused).toEqual([10, 29 / 3, 20, 20]);
    expect(r.unmatched.map((c) => c.members[0]!.reader).sort()).toEqual([0, 2]);
  });

  it('points: mean position and each reader’s distance to it', () => {
    const r = pointConsensus([[[0, 0, 0]], [[2, 0, 0]], [[1, 3, 0]], [[100, 100, 100]]], { threshold: 5 });
    expect(r.consensus[0]!.fused).toEqual([1, 1, 0]);
    expect(r.consensus[0]!.errors.map((e) => +e.distance.toFixed(6))).toEqual([1.414214, 1.414214, 2]);
    expect(r.unmatched).toHaveLength(1);
  });
});

describe('[STATS]: multi-label STAPLE', () => {
  const grid = (labels: number[][]) => labels.map((l) => ({ data: Uint8Array.from(l), dims: [l.length, 1, 1] as [number, number, number], spacing: [1, 1, 1] as [number, number, number] }));

  it('identical readers: their labels, and identity confusion matrices', () => {
    const l = [0, 0, 1, 1, 2, 2, 0, 3, 3, 0];
    const r = value(stapleMultiLabel(grid([l, l, l])));
    expect([...r.consensus.data]).toEqual(l);
    for (const theta of r.readers) for (let a = 0; a < 4; a++) expect(theta[a]![a]).toBeCloseTo(1, 9);
  });

  it('a reader who disagrees on one voxel is outvoted, and gets a lower agreement on that label', () => {
    const good = [0, 1, 1, 1, 2, 2, 2, 0];
    const odd = [0, 1, 2, 1, 2, 2, 2, 0];
    const r = value(stapleMultiLabel(grid([good, good, odd])));
    expect([...r.consensus.data]).toEqual(good);
    expect(r.readers[2]![1]![1]!).toBeLessThan(r.readers[0]![1]![1]!);
  });

  it('refuses negative or fractional labels', () => {
    const bad = [{ data: Float64Array.from([0, 1.5]), dims: [2, 1, 1] as [number, number, number], spacing: [1, 1, 1] as [number, number, number] }];
    expect(() => stapleMultiLabel(bad as never)).toThrow(new RangeError('labels must be non-negative integers, found 1.5'));
  });
});

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};
