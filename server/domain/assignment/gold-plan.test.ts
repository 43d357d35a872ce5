import { describe, expect, it } from 'vitest';
import { planGold } from './plan';

describe('[ASSIGNMENT] gold-standard plan', () => {
  const cases = ['g1', 'g2', 'g3'].map((id) => ({ id, excluded: new Set<string>() }));

  it('brings each reader up to the rate and never past it', () => {
    // rate 0.2: gold ≤ regular / 4.
    const plan = planGold(cases, [{ id: 'a', regular: 8, gold: 0 }, { id: 'b', regular: 7, gold: 0 }, { id: 'c', regular: 12, gold: 2 }, { id: 'd', regular: 0, gold: 0 }], 0.2);
    expect(plan).toEqual([{ caseId: 'g1', readerId: 'a' }, { caseId: 'g2', readerId: 'a' }, { caseId: 'g1', readerId: 'b' }, { caseId: 'g1', readerId: 'c' }]);
    for (const r of ['a', 'b', 'c']) {
      const mine = plan.filter((p) => p.readerId === r);
      expect(new Set(mine.map((p) => p.caseId)).size).toBe(mine.length);
    }
  });

  it('skips gold cases a reader already has, and stops when there are none left', () => {
    const seen = [{ id: 'g1', excluded: new Set(['a']) }, { id: 'g2', excluded: new Set(['a']) }];
    expect(planGold(seen, [{ id: 'a', regular: 100, gold: 2 }], 0.5)).toEqual([]);
    expect(planGold(cases, [{ id: 'a', regular: 3, gold: 0 }], 0.5)).toHaveLength(3);
    expect(planGold(cases, [{ id: 'a', regular: 100, gold: 0 }], 0)).toEqual([]);
  });
});
