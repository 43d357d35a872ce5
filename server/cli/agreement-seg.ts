import fs from 'node:fs';
import path from 'node:path';
import { readNifti, writeNiftiMask, type NiftiImage } from '../imaging/nifti';
import { majorityVote, pairwiseSegmentationMetrics, staple, type Volume } from '../stats';
import { table, UsageError } from './output';

const fmt = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

function binary(img: NiftiImage, file: string): Volume {
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < img.data.length; i++) {
    const v = img.data[i]!;
    if (v !== 0 && v !== 1) throw new RangeError(`${file}: not a binary mask (found the value ${v}); pass masks of 0 and 1`);
    data[i] = v;
  }
  return { data, dims: img.dims, spacing: img.spacing };
}

const stem = (file: string) => path.basename(file).replace(/\.nii(\.gz)?$/, '');

/** Pairwise overlap and distances, STAPLE and majority-vote consensus of binary NIfTI masks. */
export function segAgreement(files: string[], opts: { readers?: string; out?: string; json?: boolean }): string {
  if (files.length < 2) throw new UsageError('agreement --seg needs at least two mask files');
  const readers = opts.readers ? opts.readers.split(',').map((s) => s.trim()) : files.map(stem);
  if (readers.length !== files.length) throw new UsageError(`--readers names ${readers.length} readers for ${files.length} masks`);
  const images = files.map((f) => readNifti(f));
  const masks = images.map((img, i) => binary(img, files[i]!));
  for (const [i, m] of masks.entries()) {
    if (m.dims.some((d, a) => d !== masks[0]!.dims[a])) throw new RangeError(`${files[i]}: dimensions ${m.dims.join('×')} differ from ${files[0]}'s ${masks[0]!.dims.join('×')}`);
    if (m.spacing.some((s, a) => Math.abs(s - masks[0]!.spacing[a]!) > 1e-4)) throw new RangeError(`${files[i]}: spacing ${m.spacing.join('×')} mm differs from ${files[0]}'s ${masks[0]!.spacing.join('×')} mm`);
  }

  const pairwise = pairwiseSegmentationMetrics(masks).map(({ a, b, metrics: r }) => ({ a: readers[a]!, b: readers[b]!, ...(r.ok ? r.value : { reason: r.reason }) }));
  const st = staple(masks);
  const mv = majorityVote(masks);
  const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);
  const write = (name: string, mask: Uint8Array) => {
    if (!opts.out) return null;
    fs.mkdirSync(opts.out, { recursive: true });
    const file = path.join(opts.out, name);
    writeNiftiMask(file, images[0]!, mask);
    return file;
  };
  const result = {
    readers,
    dims: masks[0]!.dims,
    spacing: masks[0]!.spacing,
    pairwise,
    staple: st.ok
      ? {
          readers: st.value.readers.map((r, i) => ({ reader: readers[i], ...r })),
          iterations: st.value.iterations,
          converged: st.value.converged,
          consensus: { path: write('staple.nii.gz', st.value.consensus.data), voxels: count(st.value.consensus.data) },
        }
      : { value: null, reason: st.reason },
    majorityVote: { consensus: { path: write('majority.nii.gz', mv.data), voxels: count(mv.data) } },
  };
  if (opts.json) return JSON.stringify(result, null, 2);
  const rows = pairwise.map((p) => ('dice' in p
    ? { a: p.a, b: p.b, dice: fmt(p.dice), jaccard: fmt(p.jaccard), 'HD mm': fmt(p.hausdorff, 2), 'HD95 mm': fmt(p.hausdorff95, 2), 'ASSD mm': fmt(p.assd, 2), 'ΔV mm³': p.volumeDifference.toFixed(1) }
    : { a: p.a, b: p.b, dice: '—' }));
  const lines = [`${readers.length} masks, ${masks[0]!.dims.join('×')} voxels of ${masks[0]!.spacing.map((s) => s.toFixed(3)).join('×')} mm`, '', table(rows, ['a', 'b', 'dice', 'jaccard', 'HD mm', 'HD95 mm', 'ASSD mm', 'ΔV mm³'])];
  if (st.ok) {
    lines.push('', `STAPLE (${st.value.iterations} iterations${st.value.converged ? '' : ', not converged'}): consensus ${result.staple.consensus?.voxels} voxels${result.staple.consensus?.path ? ` → ${result.staple.consensus.path}` : ''}`);
    lines.push(table(st.value.readers.map((r, i) => ({ reader: readers[i], sensitivity: fmt(r.sensitivity, 4), specificity: fmt(r.specificity, 6) })), ['reader', 'sensitivity', 'specificity']));
  } else lines.push('', `STAPLE: ${st.reason}`);
  lines.push('', `Majority vote: ${result.majorityVote.consensus.voxels} voxels${result.majorityVote.consensus.path ? ` → ${result.majorityVote.consensus.path}` : ''}`);
  return lines.join('\n');
}
