import type { TModelConfig } from '../contracts/model/config';
import type { TLabelSchema } from '../contracts/label-schema';
import { ModelLoadError, parseModelConfig } from './files';
import { openModel } from './onnx';

/** Uploaded models above this size are refused: browsers download the file before the first suggestion. */
export const MAX_MODEL_BYTES = 64 * 1024 * 1024;

/**
 * Checks an uploaded model before anything is stored: the config parses, the file is an ONNX
 * model onnxruntime (wasm, as in browsers) can load, inputs and outputs fit the config, a
 * trial run on zeros returns the promised shape, and a classifier's classes are the options
 * of the single-choice question it answers. Throws ModelLoadError with every reason.
 */
export async function validateUpload(configJson: string, bytes: Uint8Array, schema: TLabelSchema, questionId: string | null): Promise<TModelConfig> {
  if (bytes.length === 0) throw new ModelLoadError('the model file is empty');
  if (bytes.length > MAX_MODEL_BYTES) throw new ModelLoadError(`the model file is ${(bytes.length / 2 ** 20).toFixed(0)} MB; at most ${MAX_MODEL_BYTES / 2 ** 20} MB is accepted`);
  let raw: unknown;
  try {
    raw = JSON.parse(configJson);
  } catch (err) {
    throw new ModelLoadError(`the model config is not JSON: ${(err as Error).message}`);
  }
  const config = parseModelConfig(raw);
  if (config.task === 'classification') {
    const q = schema.questions.find((x) => x.id === questionId);
    if (!questionId || !q) throw new ModelLoadError('a classifier needs the id of the question it answers (a single-choice question of the label schema)');
    if (q.type !== 'single') throw new ModelLoadError(`question "${q.text}" is not single-choice`);
    const options = new Set(q.options.map((o) => o.id));
    const unknown = config.output.classes.filter((c) => !options.has(c));
    if (unknown.length) throw new ModelLoadError(`classes ${unknown.map((c) => `"${c}"`).join(', ')} are not options of "${q.text}" (its options: ${[...options].join(', ')})`);
  } else if (questionId) throw new ModelLoadError('only classifiers answer a question');
  const model = await openModel(config, bytes);
  try {
    const { channels, height, width } = config.input;
    const out = await model.infer(config.input.name, config.output.name, [channels.length, height, width])(new Float32Array(channels.length * height * width), 1);
    const want = config.task === 'classification' ? config.output.classes.length : config.task === 'automatic-segmentation' ? config.output.classes.length * height * width : height * width;
    if (config.task === 'detection' ? out.length % 6 !== 0 : out.length !== want)
      throw new ModelLoadError(`a trial run returned ${out.length} values; the config implies ${config.task === 'detection' ? 'a multiple of 6 (x0, y0, x1, y1, score, class per box)' : want}`);
    if (!out.every(Number.isFinite)) throw new ModelLoadError('a trial run returned values that are not finite numbers');
  } finally {
    await model.release();
  }
  return config;
}
