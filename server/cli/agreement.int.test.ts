import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../testing/cli';

const fixtures = path.resolve(import.meta.dirname, '../stats/__fixtures__');
const reference = JSON.parse(fs.readFileSync(path.join(fixtures, 'reference.json'), 'utf8')) as { diagnoses: { fleissKappa: number; alphaNominal: number }; anxiety: { kappa12: Record<string, number>; alphaOrdinal: number } };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-agreement-'));


/** Writes a wide fixture (one row per case) as the long case_id,reader_id,label CSV the CLI reads. */
function longCsv(name: string, readers?: number): string {
  const lines = fs.readFileSync(path.join(fixtures, name), 'utf8').trim().split('\n').slice(1);
  const out = ['case_id,reader_id,label'];
  lines.forEach((l, c) => l.split(',').slice(0, readers).forEach((v, r) => out.push(`case${c + 1},reader${r + 1},${v}`)));
  const file = path.join(dir, `${name}-${readers ?? 'all'}.csv`);
  fs.writeFileSync(file, out.join('\n'));
  return file;
}

function write(name: string, text: string) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('[CLI]: agreement on ratings CSV', () => {
  it('reports Fleiss kappa and alpha for the Fleiss (1971) table, as JSON', async () => {
    const run = await cli(['agreement', longCsv('diagnoses.csv'), '--json'], { DATABASE_URL: '' });
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout) as { fleissKappa: { value: number; ci: number[] }; krippendorffAlpha: { nominal: { value: number } }; cohenKappa: { value: null; reason: string }; pairwise: { a: string; b: string }[] };
    expect(r.fleissKappa.value).toBeCloseTo(reference.diagnoses.fleissKappa, 12);
    expect(r.fleissKappa.ci[0]).toBeLessThan(r.fleissKappa.value);
    expect(r.krippendorffAlpha.nominal.value).toBeCloseTo(reference.diagnoses.alphaNominal, 12);
    expect(r.cohenKappa).toMatchObject({ value: null, reason: expect.stringMatching(/exactly two readers/) });
    expect(r.pairwise).toHaveLength(15);
    expect(r.pairwise[0]).toMatchObject({ a: 'reader1', b: 'reader2' });
  });

  it('numeric labels from two readers add weighted kappas, ordinal and interval alpha, and a confusion matrix', async () => {
    const run = await cli(['agreement', longCsv('anxiety.csv', 2), '--json'], { DATABASE_URL: '' });
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout) as { weightedKappa: { linear: { value: number; se: number; ci: number[] } }; krippendorffAlpha: Record<string, unknown>; confusionMatrix: number[][] };
    expect(Object.keys(r.krippendorffAlpha)).toEqual(['nominal', 'ordinal', 'interval']);
    expect(r.weightedKappa.linear.se).toBeGreaterThan(0);
    expect(r.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(20);
    const human = await cli(['agreement', longCsv('anxiety.csv', 2), '--kind', 'ordinal'], { DATABASE_URL: '' });
    expect(human.stdout).toMatch(/weighted kappa \(quadratic\)/);
    expect(human.stdout).not.toMatch(/alpha \(interval\)/);
  });

  it('measurements: ICC and Bland–Altman for the Shrout & Fleiss (1979) table', async () => {
    const sf = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]];
    const file = write('sf.csv', ['case_id,reader_id,value', ...sf.flatMap((row, t) => row.map((v, j) => `t${t},judge${j + 1},${v}`))].join('\n'));
    const run = await cli(['agreement', file, '--json'], { DATABASE_URL: '' });
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout) as { icc: Record<string, { value: number; ci: number[] }>; pairwise: { a: string; b: string; blandAltman: { bias: { value: number } } }[] };
    expect(r.icc.icc2_1!.value.toFixed(2)).toBe('0.29');
    expect(r.icc.icc3_k!.value.toFixed(2)).toBe('0.91');
    expect(r.pairwise).toHaveLength(6);
    expect(r.pairwise[0]).toMatchObject({ a: 'judge1', b: 'judge2' });
    expect(r.pairwise[0]!.blandAltman.bias.value).toBeCloseTo((7 + 5 + 4 + 6 + 5 + 4) / 6, 12);
    expect((await cli(['agreement', file], { DATABASE_URL: '' })).stdout).toMatch(/ICC\(2,1\)\s+0\.290/);
  });

  it('names the line and column of malformed input, with exit 1', async () => {
    const cases: [string, RegExp][] = [
      ['case_id,reader_id,label\nc1,r1,a\nc1,r2\n', /line 3: expected 3 columns, found 2/],
      ['case,reader,label\nc1,r1,a\n', /line 1: missing column "case_id"/],
      ['case_id,reader_id,label\nc1,,a\n', /line 2, column reader_id: empty/],
      ['case_id,reader_id,label\nc1,r1,a\nc1,r1,b\n', /reader "r1" rated case "c1" twice/],
      ['case_id,reader_id,value\nc1,r1,3.2\nc1,r2,x\n', /line 3, column value: "x" is not a number/],
      ['case_id,reader_id\nc1,r1\n', /missing column "label"/],
      ['case_id,reader_id,label\n"c1,r1,a\n', /a quoted field is not closed/],
    ];
    for (const [text, message] of cases) {
      const run = await cli(['agreement', write(`bad-${Math.random()}.csv`, text)], { DATABASE_URL: '' });
      expect(run.code, text).toBe(1);
      expect(run.stderr).toMatch(message);
    }
    const named = await cli(['agreement', longCsv('diagnoses.csv'), '--kind', 'interval'], { DATABASE_URL: '' });
    expect(named.code).toBe(1);
    expect(named.stderr).toMatch(/needs numeric labels/);
    expect((await cli(['agreement'], { DATABASE_URL: '' })).code).toBe(2);
    expect((await cli(['agreement', longCsv('diagnoses.csv'), '--kind', 'ratio'], { DATABASE_URL: '' })).code).toBe(2);
    expect((await cli(['agreement', path.join(dir, 'missing.csv')], { DATABASE_URL: '' })).stderr).toMatch(/no such file/);
  });
});

describe('[CLI]: agreement --seg on real multi-reader masks (LIDC-IDRI 0221, four radiologists)', () => {
  const masks = [0, 1, 2, 3].map((r) => path.resolve(import.meta.dirname, `../imaging/__fixtures__/lidc-0221/reader${r}.nii.gz`));

  it('reports pairwise overlap and distances, STAPLE and majority vote, and writes both consensus masks', async () => {
    const out = path.join(dir, 'seg-out');
    const run = await cli(['agreement', '--seg', ...masks, '--readers', 'R1,R2,R3,R4', '--out', out, '--json'], { DATABASE_URL: '' });
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout) as {
      pairwise: { a: string; b: string; dice: number; hausdorff: number; hausdorff95: number; assd: number }[];
      staple: { readers: { reader: string; sensitivity: number; specificity: number }[]; consensus: { path: string; voxels: number } };
      majorityVote: { consensus: { path: string; voxels: number } };
    };
    expect(r.pairwise).toHaveLength(6);
    for (const p of r.pairwise) {
      expect(p.dice).toBeGreaterThan(0.5); // the same nodule, drawn differently
      expect(p.dice).toBeLessThan(1);
      expect(p.hausdorff).toBeGreaterThanOrEqual(p.hausdorff95);
    }
    expect(r.staple.readers.map((x) => x.reader)).toEqual(['R1', 'R2', 'R3', 'R4']);
    for (const x of r.staple.readers) expect(x.specificity).toBeGreaterThan(0.99);
    const { readNifti } = await import('../imaging/nifti');
    const consensus = readNifti(r.staple.consensus.path);
    expect(consensus.dims).toEqual([180, 180, 9]);
    expect(consensus.data.reduce((s, v) => s + v, 0)).toBe(r.staple.consensus.voxels);
    expect(readNifti(r.majorityVote.consensus.path).data.reduce((s, v) => s + v, 0)).toBe(r.majorityVote.consensus.voxels);
    const human = await cli(['agreement', '--seg', ...masks], { DATABASE_URL: '' });
    expect(human.stdout).toMatch(/STAPLE \(\d+ iterations\)/);
    expect(human.stdout).toMatch(/reader0\s+reader1\s+0\.\d{3}/);
  });

  it('refuses mismatched grids, non-binary masks and too few masks, with clear errors', async () => {
    const other = path.resolve(import.meta.dirname, '../imaging/__fixtures__/anatomical_label.nii.gz');
    const mismatch = await cli(['agreement', '--seg', masks[0]!, other], { DATABASE_URL: '' });
    expect(mismatch.code).toBe(1);
    expect(mismatch.stderr).toMatch(/dimensions 33×41×25 differ from .*reader0\.nii\.gz's 180×180×9/);
    const { readNifti, writeNiftiMask } = await import('../imaging/nifti');
    const like = readNifti(masks[0]!);
    const labels = new Uint8Array(like.data.length);
    labels[5] = 2;
    const multi = path.join(dir, 'labels.nii.gz');
    writeNiftiMask(multi, like, labels);
    const nonBinary = await cli(['agreement', '--seg', masks[0]!, multi], { DATABASE_URL: '' });
    expect(nonBinary.code).toBe(1);
    expect(nonBinary.stderr).toMatch(/not a binary mask \(found the value 2\)/);
    expect((await cli(['agreement', '--seg', masks[0]!], { DATABASE_URL: '' })).code).toBe(2);
    expect((await cli(['agreement', '--seg', masks[0]!, masks[1]!, '--readers', 'only-one'], { DATABASE_URL: '' })).code).toBe(2);
  });
});
