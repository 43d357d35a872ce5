/**
 * Builds the LIDC-IDRI 0221 multi-reader fixture: the per-reader nodule outlines of nine CT
 * slices (PNG crops, 180 × 180, the outline drawn in a colour map) filled and stacked into one
 * binary NIfTI volume per reader. A reader with
 * no outline on a slice has an empty slice there. Slices are 2.5 mm apart (SliceLocation
 * 103.5 … 123.5); the PNGs carry no pixel spacing, so 1 mm in-plane is assumed.
 * Run by hand: node --import tsx server/imaging/__fixtures__/make-lidc-0221.ts <lidc-idri-0221-crops-multirater-png folder>
 */
import fs from 'node:fs';
import path from 'node:path';
import { niftiHeader, writeNiftiMask } from '../nifti';
import { decodePng } from '../png';

const src = path.join(process.argv[2] ?? '', 'example_LIDC_221_gt');
const files = fs.readdirSync(src).filter((f) => /^gt-\d+\.\d\d\.png$/.test(f));
const slices = [...new Set(files.map((f) => f.slice(3, -5)))].map(Number).sort((a, b) => a - b);
const [w, h] = [180, 180];
const dims: [number, number, number] = [w, h, slices.length];
for (let reader = 0; reader < 4; reader++) {
  const mask = new Uint8Array(w * h * slices.length);
  slices.forEach((z, k) => {
    const file = path.join(src, `gt-${z.toFixed(1)}${reader}.png`);
    if (!fs.existsSync(file)) return;
    const png = decodePng(fs.readFileSync(file));
    const outline = Uint8Array.from({ length: w * h }, (_, i) => (png.data[i * png.channels]! > 127 ? 1 : 0));
    const inside = fill(outline, w, h);
    for (let i = 0; i < w * h; i++) mask[k * w * h + i] = inside[i]!;
  });
  const like = { dims, spacing: [1, 1, 2.5] as [number, number, number], data: new Float64Array(0), header: niftiHeader(dims, [1, 1, 2.5]) };
  writeNiftiMask(path.join(import.meta.dirname, 'lidc-0221', `reader${reader}.nii.gz`), { ...like, data: new Float64Array(mask.length) }, mask);
  console.log(`reader ${reader}: ${mask.reduce((s, v) => s + v, 0)} voxels`);
}

/** The outline and everything it encloses: whatever the border's background cannot reach (4-connected). */
function fill(outline: Uint8Array, w: number, h: number): Uint8Array {
  const outside = new Uint8Array(w * h);
  const stack: number[] = [];
  for (let x = 0; x < w; x++) stack.push(x, (h - 1) * w + x);
  for (let y = 0; y < h; y++) stack.push(y * w, y * w + w - 1);
  while (stack.length) {
    const i = stack.pop()!;
    if (outside[i] || outline[i]) continue;
    outside[i] = 1;
    const x = i % w;
    if (x > 0) stack.push(i - 1);
    if (x < w - 1) stack.push(i + 1);
    if (i >= w) stack.push(i - w);
    if (i < (h - 1) * w) stack.push(i + w);
  }
  return outside.map((o) => 1 - o);
}
