import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNifti } from '../imaging/nifti';
import { cohenKappa, fleissKappa, majorityVote, pairwiseSegmentationMetrics, ratingMatrix, staple, type Volume } from './index';

/**
 * The engine against independent libraries: scikit-learn and statsmodels for the kappa family,
 * ITK's filters for STAPLE, majority voting, overlap and Hausdorff distance. The values come
 * from __fixtures__/make-library-reference.py (run by hand where those libraries are installed).
 */
const fixtures = path.join(import.meta.dirname, '__fixtures__');
const ref = JSON.parse(fs.readFileSync(path.join(fixtures, 'library-reference.json'), 'utf8')) as {
  sklearn: { anxiety12: Record<'none' | 'linear' | 'quadratic', number> };
  statsmodels: { anxiety12: Record<'none' | 'linear' | 'quadratic', { kappa: number; se: number; ci: [number, number] }>; fleiss: { anxiety: number; diagnoses: number } };
  itk: { lidc0221: { staple: { iterations: number; readers: { sensitivity: number; specificity: number }[] }; majority: { voxels: number }; pairs: { a: number; b: number; dice: number; jaccard: number; hausdorff: number }[] } };
};

const rows = (file: string) => fs.readFileSync(path.join(fixtures, file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map((v) => v.replace(/"/g, '')));
const ok = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

describe('[STATS]: against scikit-learn, statsmodels and ITK', () => {
  it('Cohen’s kappa (unweighted, linear, quadratic) and its standard error and interval match sklearn and statsmodels', () => {
    const table = new Float64Array(36);
    for (const [a, b] of rows('anxiety.csv')) table[(Number(a) - 1) * 6 + (Number(b) - 1)]! += 1;
    for (const w of ['none', 'linear', 'quadratic'] as const) {
      const k = ok(cohenKappa(table, 6, { weighting: w }));
      expect(k.value).toBeCloseTo(ref.sklearn.anxiety12[w], 12);
      expect(k.value).toBeCloseTo(ref.statsmodels.anxiety12[w].kappa, 12);
      expect(k.se!).toBeCloseTo(ref.statsmodels.anxiety12[w].se, 12);
      expect(k.ci![0]).toBeCloseTo(ref.statsmodels.anxiety12[w].ci[0], 9);
      expect(k.ci![1]).toBeCloseTo(ref.statsmodels.anxiety12[w].ci[1], 9);
    }
  });

  it('Fleiss’ kappa matches statsmodels on both tables', () => {
    for (const name of ['anxiety', 'diagnoses'] as const) {
      const data = rows(`${name}.csv`).flatMap((r, c) => r.map((label, j) => ({ caseId: `c${c}`, readerId: `r${j}`, label })));
      expect(ok(fleissKappa(ratingMatrix(data).matrix)).value).toBeCloseTo(ref.statsmodels.fleiss[name], 12);
    }
  });

  it('LIDC-IDRI 0221, four radiologists: Dice, Jaccard, Hausdorff and majority vote equal ITK’s; STAPLE agrees to 1e-6', () => {
    const masks: Volume[] = [0, 1, 2, 3].map((i) => {
      const n = readNifti(path.join(import.meta.dirname, '..', 'imaging', '__fixtures__', 'lidc-0221', `reader${i}.nii.gz`));
      return { data: Uint8Array.from(n.data, (v) => (v ? 1 : 0)), dims: n.dims, spacing: n.spacing };
    });
    const itk = ref.itk.lidc0221;
    const pairs = pairwiseSegmentationMetrics(masks);
    for (const p of itk.pairs) {
      const m = ok(pairs.find((x) => x.a === p.a && x.b === p.b)!.metrics);
      expect(m.dice).toBeCloseTo(p.dice, 12);
      expect(m.jaccard).toBeCloseTo(p.jaccard, 12);
      // ITK measures from every voxel, we from surface voxels: the largest distance is the same.
      expect(m.hausdorff!).toBeCloseTo(p.hausdorff, 9);
    }
    expect(majorityVote(masks).data.reduce((s, v) => s + v, 0)).toBe(itk.majority.voxels);
    // The same EM from the same start (0.99999); ITK stops on its own convergence rule, we at a change below 1e-10.
    const s = ok(staple(masks));
    s.readers.forEach((r, i) => {
      expect(Math.abs(r.sensitivity - itk.staple.readers[i]!.sensitivity)).toBeLessThan(1e-6);
      expect(Math.abs(r.specificity - itk.staple.readers[i]!.specificity)).toBeLessThan(1e-6);
    });
  });
});
