import type { TModelConfig } from './config';
import { normalize, sampleRegion, type Slice } from './pipeline';
import type { Infer } from './propose';

type Classifier = Extract<TModelConfig, { task: 'classification' }>;

/**
 * A classifier's answer for the slice as displayed: the whole slice resampled to the input
 * size (every image channel the same plane), the output read as one probability per class.
 */
export async function classify(config: Classifier, infer: Infer, slice: Slice): Promise<{ answer: string; probability: number; probabilities: Record<string, number> }> {
  const { width, height, channels, normalization } = config.input;
  const plane = sampleRegion(slice, { x0: 0, y0: 0, width: slice.width, height: slice.height }, width, height);
  normalize(plane, normalization);
  const input = new Float32Array(channels.length * plane.length);
  channels.forEach((_, c) => input.set(plane, c * plane.length));
  const out = await infer(input, 1);
  const probabilities = Object.fromEntries(config.output.classes.map((c, i) => [c, out[i]!]));
  const best = config.output.classes.reduce((a, c, i) => (out[i]! > out[config.output.classes.indexOf(a)]! ? c : a), config.output.classes[0]!);
  return { answer: best, probability: probabilities[best]!, probabilities };
}
