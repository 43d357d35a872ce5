/**
 * The agreement engine at realistic sizes: 5 readers on 512×512×300 masks (a nodule-sized and
 * an organ-sized foreground) — STAPLE, majority vote and all pairwise Dice/HD/HD95/ASSD — and
 * kappa/alpha on one million ratings. Seeded synthetic data; times in seconds, peak RSS in MB.
 */
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
  return { rows, peakMb: peak / 2 ** 20 };
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
    'ITK comparison (STAPLEImageFilter, HausdorffDistanceImageFilter, LabelOverlapMeasuresImageFilter): not run yet — libinsighttoolkit5-dev is not installed on this machine image.',
  ].join('\n');
}
