import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSegmentationModelConfig } from '../contracts/model/config';
import type { Crop } from '../contracts/model/pipeline';
import { modelInput, propagate, propose, type Prompt } from '../contracts/model/propose';
import { dice } from '../contracts/model/pipeline';
import { readSlice } from '../imaging/display-slice';
import { evaluatePairs, mean, pairFiles } from './evaluate';
import { readModelFiles } from './files';
import { type LoadedModel, openModel } from './onnx';

const FIXTURES = path.resolve(import.meta.dirname, '__fixtures__');
const f32 = (file: string) => {
  const b = gunzipSync(readFileSync(path.join(FIXTURES, 'parity', file)));
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

const { config, bytes } = readModelFiles('click-seg');
const seg = config as TSegmentationModelConfig;
let model: LoadedModel;
beforeAll(async () => {
  model = await openModel(config, bytes);
});
afterAll(() => model.release());

describe('[MODEL] the shipped model in onnxruntime (wasm), as browsers run it', () => {
  const cases = JSON.parse(readFileSync(path.join(FIXTURES, 'parity', 'index.json'), 'utf8')) as { name: string; image: string; prompt: Prompt; crop: Crop; foreground: number }[];

  it.each(cases)('$name: the TypeScript pipeline builds the training input, and the exported model returns the PyTorch probabilities', async (c) => {
    const slice = readSlice(path.join(FIXTURES, 'eval', 'images', c.image));
    const input = modelInput(seg, slice, c.crop, c.prompt);
    const expected = f32(`${c.name}.input.f32.gz`);
    expect(input.length).toBe(expected.length);
    expect(maxDiff(input, expected)).toBeLessThan(1e-4);
    const prob = await model.infer('input', 'probability', [3, 96, 96])(input, 1);
    const torch = f32(`${c.name}.prob.f32.gz`);
    expect(maxDiff(prob, torch)).toBeLessThan(2e-3);
    const foreground = prob.reduce((s, p) => s + (p >= 0.5 ? 1 : 0), 0);
    expect(Math.abs(foreground - c.foreground)).toBeLessThanOrEqual(Math.max(2, c.foreground * 0.005));
  });

  it('proposes masks on held-out real structures that beat the classical baseline, for clicks and for boxes', async () => {
    const { pairs } = pairFiles(path.join(FIXTURES, 'eval', 'images'), path.join(FIXTURES, 'eval', 'masks'));
    expect(pairs).toHaveLength(7);
    const infer = model.infer('input', 'probability', [3, 96, 96]);
    for (const kind of ['click', 'box'] as const) {
      const rows = await evaluatePairs(seg, infer, pairs, kind);
      const [m, b] = [mean(rows.map((r) => r.model)), mean(rows.map((r) => r.baseline))];
      expect(m, `${kind}: ${rows.map((r) => `${r.mask} ${r.model.toFixed(3)}/${r.baseline.toFixed(3)}`).join(', ')}`).toBeGreaterThan(b);
      expect(m).toBeGreaterThan(MIN_MEAN_DICE[kind]);
    }
  });
});

describe('[MODEL] propagation to neighbouring slices', () => {
  it('follows a structure through a stack while the overlap stays high and stops where it ends', async () => {
    // A bright ball (radius 30 px) in noisy background on 41 slices of 160 × 160: present on slices 8–32.
    const [w, n, r] = [160, 41, 30];
    let seed = 7;
    const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31 - 0.5) * 30;
    const truth = (z: number) => Uint8Array.from({ length: w * w }, (_, i) => ((i % w) - 80) ** 2 + (Math.floor(i / w) - 80) ** 2 + ((z - 20) * 2.5) ** 2 <= r * r ? 1 : 0);
    const slices = Array.from({ length: n }, (_, z) => {
      const t = truth(z);
      return { width: w, height: w, data: Uint8Array.from(t, (v) => Math.max(0, Math.min(255, 70 + v * 110 + noise()))) };
    });
    const infer = model.infer('input', 'probability', [3, 96, 96]);
    const first = await propose(seg, infer, slices[20]!, { kind: 'box', box: { x0: 50, y0: 50, x1: 110, y1: 110 } });
    expect(dice(first.mask, truth(20))).toBeGreaterThan(0.9);
    const found = await propagate(seg, infer, (i) => slices[i] ?? null, { index: 20, mask: first.mask, width: w });
    const indices = found.map((f) => f.index);
    // Contiguous around the seed, reaching close to the ball's ends and never beyond them.
    const [lo, hi] = [Math.min(...indices), Math.max(...indices)];
    expect(indices).toEqual(Array.from({ length: hi - lo + 1 }, (_, k) => lo + k).filter((i) => i !== 20));
    expect(Math.min(...indices)).toBeLessThanOrEqual(11);
    expect(Math.max(...indices)).toBeGreaterThanOrEqual(29);
    expect(Math.min(...indices)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...indices)).toBeLessThanOrEqual(32);
    for (const f of found.filter((x) => Math.abs(x.index - 20) <= 8)) expect(dice(f.mask, truth(f.index))).toBeGreaterThan(0.85);
  });
});

/** Floors below the measured means on this subset (model card): a broken export or pipeline falls far below. */
const MIN_MEAN_DICE = { click: 0.6, box: 0.75 }; // measured 0.69 and 0.85
