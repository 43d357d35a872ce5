import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../stats';
import { deriveCaseStatus, planDistribution, type PlanCase, type PlanReader } from './plan';

function scenario(seed: number) {
  const r = seededRandom(seed);
  const readers: PlanReader[] = Array.from({ length: 1 + Math.floor(r() * 7) }, (_, i) => ({ id: `r${i}`, open: Math.floor(r() * 5) }));
  const cases: PlanCase[] = Array.from({ length: Math.floor(r() * 30) }, (_, i) => {
    const excluded = new Set(readers.filter(() => r() < 0.2).map((x) => x.id));
    return { id: `c${i}`, needed: Math.floor(r() * 4), excluded };
  });
  return { readers, cases };
}

describe('[ASSIGNMENT]: distribution plan (seeded property test)', () => {
  const seeds = Array.from({ length: 300 }, (_, i) => i + 1);

  it.each(seeds)('seed %i: distinct readers, never an excluded one, least-loaded first, as many as possible', (seed) => {
    const { readers, cases } = scenario(seed);
    const plan = planDistribution(cases, readers);
    const load = new Map(readers.map((x) => [x.id, x.open]));
    for (const c of cases) {
      const picked = plan.assignments.filter((a) => a.caseId === c.id).map((a) => a.readerId);
      expect(new Set(picked).size, `seed ${seed}: a reader twice on ${c.id}`).toBe(picked.length);
      for (const id of picked) expect(c.excluded.has(id), `seed ${seed}: excluded reader picked`).toBe(false);
      const candidates = readers.filter((x) => !c.excluded.has(x.id)).map((x) => x.id);
      expect(picked.length).toBe(Math.min(Math.max(c.needed, 0), candidates.length));
      // Fairness: nobody picked carries more load than a candidate left out.
      const leftOut = candidates.filter((id) => !picked.includes(id));
      for (const id of picked) for (const other of leftOut) expect(load.get(id)!, `seed ${seed}: ${id} over ${other}`).toBeLessThanOrEqual(load.get(other)!);
      for (const id of picked) load.set(id, load.get(id)! + 1);
    }
  });

  it.each(seeds.slice(0, 50))('seed %i: idempotent — planning again after applying the plan assigns nothing', (seed) => {
    const { readers, cases } = scenario(seed);
    const plan = planDistribution(cases, readers);
    const after = cases.map((c) => {
      const added = plan.assignments.filter((a) => a.caseId === c.id).map((a) => a.readerId);
      return { id: c.id, needed: c.needed - added.length, excluded: new Set([...c.excluded, ...added]) };
    });
    const candidatesLeft = (c: PlanCase) => readers.some((x) => !c.excluded.has(x.id));
    const again = planDistribution(after.filter((c) => c.needed > 0 && candidatesLeft(c)), readers);
    expect(again.assignments).toEqual([]);
  });

  it('breaks ties by reader id, deterministically', () => {
    const plan = planDistribution([{ id: 'c', needed: 2, excluded: new Set() }], [{ id: 'b', open: 0 }, { id: 'a', open: 0 }, { id: 'c', open: 0 }]);
    expect(plan.assignments.map((a) => a.readerId)).toEqual(['a', 'b']);
  });
});

describe('[ASSIGNMENT]: case status from assignments', () => {
  it.each([
    [[], 'NEW'],
    [['SKIPPED'], 'NEW'],
    [['ASSIGNED', 'ASSIGNED'], 'ASSIGNED'],
    [['ASSIGNED', 'IN_PROGRESS'], 'READING'],
    [['SUBMITTED', 'ASSIGNED'], 'READING'],
    [['SUBMITTED', 'SUBMITTED'], 'READS_COMPLETE'],
    [['SUBMITTED', 'SUBMITTED', 'SKIPPED'], 'READS_COMPLETE'],
    [['SUBMITTED'], 'READING'],
  ] as const)('%j with 2 readers per case → %s', (statuses, expected) => {
    expect(deriveCaseStatus('ASSIGNED', statuses, 2)).toBe(expected);
  });

  it('leaves adjudication and DONE to their own flows', () => {
    expect(deriveCaseStatus('DONE', ['ASSIGNED'], 1)).toBe('DONE');
    expect(deriveCaseStatus('IN_ADJUDICATION', [], 1)).toBe('IN_ADJUDICATION');
  });
});
