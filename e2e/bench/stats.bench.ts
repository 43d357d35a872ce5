/**
 * The agreement engine at realistic sizes: 5 readers on 512×512×300 masks (a nodule-sized and
 * an organ-sized foreground) — STAPLE, majority vote and all pairwise Dice/HD/HD95/ASSD — and
 * kappa/alpha on one million ratings. Seeded synthetic data; times in seconds, peak RSS in MB.
 */
import { cpus } from 'node:os';
import { runItk, type ItkResult } from './itk';
import { fleissKappa, krippendorffAlpha, lightKappa, majorityVote, pairwiseKappas, pairwiseSegmentationMetrics, seededRandom, staple, type RatingMatrix, type Volume } from '../../server/stats';

const DIMS: [number, number, number] = [512, 512, 300];
const SPACING: [number, number, number] = [0.7, 0.7, 1.25];

/** Five readers' versions of an ellipsoid: centre and radii jittered per reader. */
function readers(radius: [number, number, number], seed: number): Volume[] {
  const r = seededRandom(seed);
  const [nx, ny, nz] = DIMS;
  return Array.from({ length: 5 }, () => {
    const c = [nx / 2 + (r() - 0.5) * radius[0] * 0.3, ny / 2 + (r() - 0.5) * radius[1] * 0.3, nz / 2 + (r() - 0.5) * radius[2] * 0.3];
    const rad = radius.map((x) => x * (0.85 + 0.3 * r()));
    const data = new Uint8Array(nx * ny * nz);
    for (let z = Math.max(0, Math.floor(c[2]! - rad[2]!)); z <= Math.min(nz - 1, Math.ceil(c[2]! + rad[2]!)); z++)
      for (let y = Math.max(0, Math.floor(c[1]! - rad[1]!)); y <= Math.min(ny - 1, Math.ceil(c[1]! + rad[1]!)); y++)
        for (let x = Math.max(0, Math.floor(c[0]! - rad[0]!)); x <= Math.min(nx - 1, Math.ceil(c[0]! + rad[0]!)); x++)
          if (((x - c[0]!) / rad[0]!) ** 2 + ((y - c[1]!) / rad[1]!) ** 2 + ((z - c[2]!) / rad[2]!) ** 2 <= 1) data[(z * ny + y) * nx + x] = 1;
    return { data, dims: DIMS, spacing: SPACING };
  });
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, (performance.now() - t0) / 1000];
}

export function statsBench() {
  const rows: { task: string; seconds: number; note: string }[] = [];
  const itk: { name: string; ours: { staple: number; vote: number; pairs: number }; itk: ItkResult; sensitivityDiff: number; diceDiff: number; hdDiff: number }[] = [];
  let peak = process.memoryUsage().rss;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  for (const [name, radius] of [['nodule-sized (r ≈ 8 voxels)', [8, 8, 6]], ['organ-sized (r ≈ 110×90×70 voxels)', [110, 90, 70]]] as const) {
    const masks = readers(radius as unknown as [number, number, number], 42);
    sample();
    const [, tStaple] = timed(() => staple(masks));
    sample();
    const [, tMv] = timed(() => majorityVote(masks));
    sample();
    const [pairs, tPairs] = timed(() => pairwiseSegmentationMetrics(masks));
    sample();
    const dice = pairs.map((p) => (p.metrics.ok ? p.metrics.value.dice : NaN));
    rows.push({ task: `${name}: STAPLE`, seconds: tStaple, note: '' });
    rows.push({ task: `${name}: majority vote`, seconds: tMv, note: '' });
    rows.push({ task: `${name}: 10 pairs Dice/Jaccard/HD/HD95/ASSD`, seconds: tPairs, note: `Dice ${Math.min(...dice).toFixed(2)}–${Math.max(...dice).toFixed(2)}` });
    rows.push({ task: `${name}: all of the above`, seconds: tStaple + tMv + tPairs, note: '' });
    const ref = runItk(masks);
    sample();
    if (ref) {
      const st = staple(masks);
      const sens = st.ok ? Math.max(...st.value.readers.map((x, i) => Math.abs(x.sensitivity - ref.staple.readers[i]!.sensitivity))) : NaN;
      const metric = (a: number, b: number) => pairs.find((p) => p.a === a && p.b === b)!.metrics;
      const diceDiff = Math.max(...ref.pairs.map((p) => { const m = metric(p.a, p.b); return m.ok ? Math.abs(m.value.dice - p.dice) : NaN; }));
      const hdDiff = Math.max(...ref.pairs.map((p) => { const m = metric(p.a, p.b); return m.ok ? Math.abs(m.value.hausdorff! - p.hausdorff) : NaN; }));
      itk.push({ name, ours: { staple: tStaple, vote: tMv, pairs: tPairs }, itk: ref, sensitivityDiff: sens, diceDiff, hdDiff });
    }
  }

  // One million ratings: 200 000 cases × 5 readers, 5 categories, about 70 % agreement.
  const r = seededRandom(7);
  const nCases = 200_000;
  const data = new Int32Array(nCases * 5);
  for (let c = 0; c < nCases; c++) {
    const truth = Math.floor(r() * 5);
    for (let j = 0; j < 5; j++) data[c * 5 + j] = r() < 0.7 ? truth : Math.floor(r() * 5);
  }
  const m: RatingMatrix = { nCases, nReaders: 5, data, categories: ['1', '2', '3', '4', '5'], values: Float64Array.from([1, 2, 3, 4, 5]) };
  const [, tFleiss] = timed(() => fleissKappa(m));
  const [, tAlpha] = timed(() => ['nominal', 'ordinal', 'interval'].map((level) => krippendorffAlpha(m, { level: level as 'nominal' })));
  const [, tLight] = timed(() => lightKappa(pairwiseKappas(m)));
  sample();
  rows.push({ task: "1 000 000 ratings: Fleiss' kappa", seconds: tFleiss, note: '' });
  rows.push({ task: "1 000 000 ratings: Krippendorff's alpha ×3 levels", seconds: tAlpha, note: '' });
  rows.push({ task: "1 000 000 ratings: 10 pairwise Cohen kappas + Light's", seconds: tLight, note: '' });
  return { rows, itk, peakMb: peak / 2 ** 20 };
}

export function statsTable(result: ReturnType<typeof statsBench>): string {
  return [
    `5 readers, ${DIMS.join('×')} masks of ${SPACING.join('×')} mm (seeded jittered ellipsoids); one Node process, single thread.`,
    '',
    '| task | seconds | note |',
    '|---|---:|---|',
    ...result.rows.map((r) => `| ${r.task} | ${r.seconds.toFixed(2)} | ${r.note} |`),
    '',
    `Peak resident memory: ${result.peakMb.toFixed(0)} MB (the five input masks are ${((5 * DIMS[0] * DIMS[1] * DIMS[2]) / 2 ** 20).toFixed(0)} MB allocated, most of it zero pages the OS never backs). Work is cropped to the union bounding box of the foregrounds.`,
    '',
    ...itkTable(result.itk),
  ].join('\n');
}

function itkTable(itk: ReturnType<typeof statsBench>['itk']): string[] {
  if (!itk.length) return ['ITK comparison: not run (ITK, CMake or a C++ compiler is missing; Debian: libinsighttoolkit5-dev cmake g++).'];
  const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;
  return [
    `Against ITK 5.2 (Debian libinsighttoolkit5-dev, C++ Release build of e2e/bench/itk, its default thread pool: all ${cpus().length} cores; Concord on one thread) on the same masks; ratio = Concord ÷ ITK (below 1: Concord is faster). ITK works on the whole 512×512×300 grid, Concord on the union bounding box.`,
    'ITK\'s pair work is LabelOverlapMeasuresImageFilter (Dice, Jaccard) + HausdorffDistanceImageFilter (Hausdorff, average Hausdorff); Concord\'s also gives HD95 and ASSD.',
    '',
    '| foreground | task | Concord s | ITK s | ratio | results |',
    '|---|---|---:|---:|---:|---|',
    ...itk.flatMap((r) => [
      `| ${r.name} | STAPLE | ${r.ours.staple.toFixed(2)} | ${r.itk.staple.seconds.toFixed(2)} | ${ratio(r.ours.staple, r.itk.staple.seconds)} | sensitivities differ by ≤ ${r.sensitivityDiff.toExponential(1)} (ITK: ${r.itk.staple.iterations} iterations) |`,
      `| ${r.name} | majority vote | ${r.ours.vote.toFixed(2)} | ${r.itk.majority.seconds.toFixed(2)} | ${ratio(r.ours.vote, r.itk.majority.seconds)} | LabelVotingImageFilter |`,
      `| ${r.name} | 10 pairs | ${r.ours.pairs.toFixed(2)} | ${(r.itk.overlapSeconds + r.itk.hausdorffSeconds).toFixed(2)} | ${ratio(r.ours.pairs, r.itk.overlapSeconds + r.itk.hausdorffSeconds)} | Dice differs by ≤ ${r.diceDiff.toExponential(1)}, Hausdorff by ≤ ${r.hdDiff.toExponential(1)} mm |`,
      `| ${r.name} | all | ${(r.ours.staple + r.ours.vote + r.ours.pairs).toFixed(2)} | ${(r.itk.staple.seconds + r.itk.majority.seconds + r.itk.overlapSeconds + r.itk.hausdorffSeconds).toFixed(2)} | ${ratio(r.ours.staple + r.ours.vote + r.ours.pairs, r.itk.staple.seconds + r.itk.majority.seconds + r.itk.overlapSeconds + r.itk.hausdorffSeconds)} | |`,
    ]),
  ];
}
