import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TAutoSegmentationModelConfig, TDetectionModelConfig } from '../contracts/model/config';
import { detect, iou } from '../contracts/model/detect';
import { bounds, dice } from '../contracts/model/pipeline';
import { segment, wholeSliceInput } from '../contracts/model/segment';
import { readSlice } from '../imaging/display-slice';
import { readModelFiles } from './files';
import { type LoadedModel, openModel } from './onnx';

const FIXTURES = path.resolve(import.meta.dirname, '__fixtures__', 'lungs');
const f32 = (file: string) => {
  const b = gunzipSync(readFileSync(path.join(FIXTURES, file)));
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
};
const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

const { config, bytes } = readModelFiles('cxr-lungs');
const auto = config as TAutoSegmentationModelConfig;
let model: LoadedModel;
beforeAll(async () => {
  model = await openModel(config, bytes);
});
afterAll(() => model.release());

describe('[MODEL] the shipped lung-field model (pre-annotation) in onnxruntime (wasm)', () => {
  const cases = JSON.parse(readFileSync(path.join(FIXTURES, 'index.json'), 'utf8')) as { name: string; foreground: number[] }[];

  it('is an automatic segmentation model with a class per lung', () => {
    expect(config.task).toBe('automatic-segmentation');
    expect(auto.output.classes.map((c) => c.name)).toEqual(['right lung', 'left lung']);
  });

  it.each(cases)('$name (held out): the TypeScript input equals the training input and the ONNX model returns the PyTorch probabilities', async (c) => {
    const slice = readSlice(path.join(FIXTURES, `${c.name}.png`));
    const input = wholeSliceInput(auto, slice);
    expect(maxDiff(input, f32(`${c.name}.input.f32.gz`))).toBeLessThan(1e-4);
    const prob = await model.infer(auto.input.name, auto.output.name, [1, 256, 256])(input, 1);
    const torch = f32(`${c.name}.prob.f32.gz`);
    expect(prob.length).toBe(torch.length);
    expect(maxDiff(prob, torch)).toBeLessThan(2e-3);
    c.foreground.forEach((n, k) => {
      const got = prob.subarray(k * 65536, (k + 1) * 65536).reduce((s, p) => s + (p >= 0.5 ? 1 : 0), 0);
      expect(Math.abs(got - n)).toBeLessThanOrEqual(Math.max(2, n * 0.005));
    });
  });

  it.each(cases)('$name (held out): each lung is proposed on its own side, matching the expert mask', async (c) => {
    const slice = readSlice(path.join(FIXTURES, `${c.name}.png`));
    const truth = readSlice(path.join(FIXTURES, `${c.name}_labels.png`));
    const masks = await segment(auto, model.infer(auto.input.name, auto.output.name, [1, 256, 256]), slice);
    expect(masks.map((m) => m.name)).toEqual(['right lung', 'left lung']);
    masks.forEach((m, k) => {
      const expected = Uint8Array.from(truth.data, (v) => (v === k + 1 ? 1 : 0));
      expect(dice(m.mask, expected), m.name).toBeGreaterThan(0.95);
    });
    // The patient's right lung lies on the image's left on a PA radiograph.
    const meanX = (mask: Uint8Array) => mask.reduce((s, v, i) => s + (v ? i % slice.width : 0), 0) / mask.reduce((s, v) => s + v, 0);
    expect(meanX(masks[0]!.mask)).toBeLessThan(meanX(masks[1]!.mask));
    // Classes never overlap.
    expect(masks[0]!.mask.some((v, i) => v && masks[1]!.mask[i])).toBe(false);
  });
});

describe('[MODEL] a detection model (boxes with scores): the lung-field boxes test model', () => {
  it('boxes each lung of a held-out radiograph where the expert mask lies, with its score', async () => {
    const files = readModelFiles(path.resolve(import.meta.dirname, '__fixtures__', 'lung-boxes'));
    expect(files.config.task).toBe('detection');
    const boxes = files.config as TDetectionModelConfig;
    const m = await openModel(files.config, files.bytes);
    try {
      const slice = readSlice(path.join(FIXTURES, 'MCUCXR_0005_0.png'));
      const truth = readSlice(path.join(FIXTURES, 'MCUCXR_0005_0_labels.png'));
      const found = await detect(boxes, m.infer('image', 'boxes', [1, 256, 256]), slice);
      expect(found.map((f) => f.name).sort()).toEqual(['left lung', 'right lung']);
      for (const f of found) {
        const k = f.name === 'right lung' ? 1 : 2;
        const expected = bounds(Uint8Array.from(truth.data, (v) => (v === k ? 1 : 0)), truth.width)!;
        expect(iou(f.box, expected), f.name).toBeGreaterThan(0.9);
        expect(f.score).toBeGreaterThan(0.9);
      }
    } finally {
      await m.release();
    }
  });
});
