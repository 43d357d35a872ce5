import { z } from 'zod';

/**
 * The model config format (`concord.model/1`): everything the browser and the CLI need to feed
 * an ONNX model and read its answer, so a team can bring a model without code changes.
 *
 * Two tasks:
 * - `interactive-segmentation`: one input [N, C, H, W] whose channels are the image and the
 *   prompt maps (click heat-map, box mask); one output [N, 1, H, W] of foreground probability.
 *   Click prompts run at several crop scales in one batch and keep the smallest scale whose
 *   mask does not run into the crop's edge.
 * - `classification`: one input [N, C, H, W] of the whole slice; one output [N, K] of class
 *   probabilities, each class naming the answer value it stands for (mapped to a question of
 *   the project's schema when the model is attached).
 * - `automatic-segmentation` (pre-annotation, no prompt): one input [N, C, H, W] of the whole
 *   slice; one output [N, K, H, W] of per-class probabilities, each class mapped to one of the
 *   schema's segmentation labels when a project manager selects the model. A pixel goes to the
 *   most probable class among those at or above their threshold.
 * - `detection` (pre-annotation, no prompt): one input [N, C, H, W] of the whole slice; one
 *   output [N, M, 6] of M candidate boxes (x0, y0, x1, y1 as fractions of the input's width and
 *   height, score, class index), each class mapped to one of the schema's box labels. Boxes
 *   below their class's threshold are dropped, overlapping boxes of a class suppressed.
 */
export const MODEL_FORMAT = 'concord.model/1';

const ZNormalizationSchema = z.discriminatedUnion('kind', [
  /** Mean 0, SD 1 over the model input (the crop). */
  z.object({ kind: z.literal('zscore') }),
  /** Display values (0–255) to [0, 1]. */
  z.object({ kind: z.literal('unit') }),
  /** Values between the low/high percentiles of the crop to [0, 1]. */
  z.object({ kind: z.literal('percentile'), low: z.number().min(0).max(50), high: z.number().min(50).max(100) }),
  /** Modality values (e.g. HU) through a window to [0, 1]; the slice is read before display windowing. */
  z.object({ kind: z.literal('window'), center: z.number(), width: z.number().positive() }),
]);
export type TNormalization = z.infer<typeof ZNormalizationSchema>;

const side = z.number().int().min(8, 'input sides below 8 px are not supported').max(1024, 'input sides above 1024 px are too large for a browser');

const ZInputSchema = z.object({
  /** The ONNX input's name. */
  name: z.string().min(1).max(100),
  width: side,
  height: side,
  /** What each channel holds, in order. */
  channels: z.array(z.enum(['image', 'click', 'box'])).min(1).max(8),
  normalization: ZNormalizationSchema,
  /** Physical pixel size the model was trained at (mm); informative, slices are not resampled to it. */
  spacingMm: z.number().positive().max(100).optional(),
});

const ZPostprocessSchema = z.object({
  /** Keep the connected region under the click (or the largest inside the box). */
  largestComponent: z.boolean().default(true),
  fillHoles: z.boolean().default(true),
  /** Proposals smaller than this many image pixels are dropped. */
  minSizePx: z.number().int().min(0).max(1_000_000).default(0),
});

const ZSegmentationOutputSchema = z.object({
  name: z.string().min(1).max(100),
  kind: z.literal('mask'),
  threshold: z.number().gt(0).lt(1).default(0.5),
});

/** Output classes of pre-annotation models, each with the lowest probability or score kept. */
const ZThresholdedClassesSchema = z
  .array(z.object({ name: z.string().trim().min(1).max(100), threshold: z.number().gt(0).lt(1).default(0.5) }))
  .min(1)
  .max(32)
  .refine((cs) => new Set(cs.map((c) => c.name)).size === cs.length, 'class names must be distinct');

const ZMasksOutputSchema = z.object({
  name: z.string().min(1).max(100),
  kind: z.literal('masks'),
  /** One per output channel, in order. */
  classes: ZThresholdedClassesSchema,
});

const ZBoxesOutputSchema = z.object({
  name: z.string().min(1).max(100),
  kind: z.literal('boxes'),
  /** Class index → class; `threshold` is the lowest score kept. */
  classes: ZThresholdedClassesSchema,
  /** Boxes of one class overlapping a higher-scored one by more than this IoU are dropped. */
  nmsIou: z.number().gt(0).max(1).default(0.5),
  /** At most this many boxes are proposed per image (highest scores first). */
  maxBoxes: z.number().int().min(1).max(100).default(20),
});

const ZClassOutputSchema = z.object({
  name: z.string().min(1).max(100),
  kind: z.literal('probabilities'),
  /** Answer value per output index. */
  classes: z.array(z.string().min(1).max(100)).min(2).max(1000),
});

const ZCommon = {
  format: z.literal(MODEL_FORMAT),
  name: z.string().trim().min(1).max(100),
  version: z.string().trim().min(1).max(40),
  description: z.string().max(2000).default(''),
  input: ZInputSchema,
};

export const ZModelConfigSchema = z
  .discriminatedUnion('task', [
    z.object({
      ...ZCommon,
      task: z.literal('interactive-segmentation'),
      prompt: z.object({
        kinds: z.array(z.enum(['click', 'box'])).min(1),
        /** Gaussian sigma of the click heat-map, in model pixels. */
        clickSigma: z.number().positive().max(64).default(3),
        /** Crop side = box side × this. */
        boxMargin: z.number().min(1).max(4).default(1.3),
        /** Crop sides tried for a click, as fractions of the slice's larger side. */
        clickScales: z.array(z.number().gt(0).max(2)).min(1).max(8).default([1 / 16, 1 / 8, 1 / 4, 1 / 2, 1]),
        /** Re-run a click's result as a box around it (a second, sharper pass). */
        refine: z.boolean().default(true),
      }),
      output: ZSegmentationOutputSchema,
      postprocess: ZPostprocessSchema.default({ largestComponent: true, fillHoles: true, minSizePx: 0 }),
    }),
    z.object({ ...ZCommon, task: z.literal('classification'), output: ZClassOutputSchema }),
    z.object({
      ...ZCommon,
      task: z.literal('automatic-segmentation'),
      output: ZMasksOutputSchema,
      postprocess: ZPostprocessSchema.default({ largestComponent: true, fillHoles: true, minSizePx: 0 }),
    }),
    z.object({ ...ZCommon, task: z.literal('detection'), output: ZBoxesOutputSchema }),
  ])
  .superRefine((c, ctx) => {
    const ch = c.input.channels;
    if (!ch.includes('image')) ctx.addIssue({ code: 'custom', path: ['input', 'channels'], message: 'the input needs an image channel' });
    const who = { classification: 'a classifier', 'automatic-segmentation': 'an automatic segmentation model', detection: 'a detection model', 'interactive-segmentation': '' }[c.task];
    if (c.task !== 'interactive-segmentation' && ch.some((k) => k !== 'image')) ctx.addIssue({ code: 'custom', path: ['input', 'channels'], message: `${who} takes image channels only` });
    if (c.task === 'interactive-segmentation')
      for (const kind of c.prompt.kinds)
        if (!ch.includes(kind)) ctx.addIssue({ code: 'custom', path: ['input', 'channels'], message: `prompt kind "${kind}" needs a "${kind}" input channel` });
    if (c.input.width * c.input.height * ch.length > 4_000_000)
      ctx.addIssue({ code: 'custom', path: ['input'], message: 'the input is too large to run per prompt in a browser (over 4 million values)' });
  });
export type TModelConfig = z.infer<typeof ZModelConfigSchema>;
export type TSegmentationModelConfig = Extract<TModelConfig, { task: 'interactive-segmentation' }>;
export type TAutoSegmentationModelConfig = Extract<TModelConfig, { task: 'automatic-segmentation' }>;
export type TDetectionModelConfig = Extract<TModelConfig, { task: 'detection' }>;
/** Models that pre-annotate an image without a prompt: masks or boxes, each class mapped to a label. */
export type TPreannotationModelConfig = TAutoSegmentationModelConfig | TDetectionModelConfig;
export const isPreannotationConfig = (c: TModelConfig): c is TPreannotationModelConfig => c.task === 'automatic-segmentation' || c.task === 'detection';

/** What an ONNX runtime reports about a loaded model (dims: numbers, or names for dynamic ones). */
export interface ModelSignature {
  inputs: { name: string; type: string; shape: (number | string)[] }[];
  outputs: { name: string; type: string; shape: (number | string)[] }[];
}

/**
 * Checks a loaded model against its config: names, element types, ranks and every fixed
 * dimension. Returns the problems in words (empty = they fit).
 */
export function signatureProblems(config: TModelConfig, sig: ModelSignature): string[] {
  const problems: string[] = [];
  const input = sig.inputs.find((i) => i.name === config.input.name);
  const output = sig.outputs.find((o) => o.name === config.output.name);
  if (!input) problems.push(`the model has no input "${config.input.name}" (it has ${names(sig.inputs)})`);
  if (!output) problems.push(`the model has no output "${config.output.name}" (it has ${names(sig.outputs)})`);
  if (sig.inputs.length > 1) problems.push(`the model takes ${sig.inputs.length} inputs; Concord feeds exactly one`);
  const { width, height, channels } = config.input;
  if (input) check(problems, `input "${input.name}"`, input, ['N', channels.length, height, width]);
  if (output && config.task === 'interactive-segmentation') check(problems, `output "${output.name}"`, output, ['N', 1, height, width]);
  if (output && config.task === 'classification') check(problems, `output "${output.name}"`, output, ['N', config.output.classes.length]);
  if (output && config.task === 'automatic-segmentation') check(problems, `output "${output.name}"`, output, ['N', config.output.classes.length, height, width]);
  if (output && config.task === 'detection') check(problems, `output "${output.name}"`, output, ['N', 'N', 6]);
  return problems;
}

function names(list: { name: string }[]): string {
  return list.map((x) => `"${x.name}"`).join(', ') || 'none';
}

function check(problems: string[], what: string, got: { type: string; shape: (number | string)[] }, want: (number | 'N')[]) {
  if (got.type !== 'float32') problems.push(`${what} is ${got.type}; float32 is required`);
  const shape = `[${got.shape.join(', ')}]`;
  if (got.shape.length !== want.length) {
    problems.push(`${what} has shape ${shape}; the config implies [${want.join(', ')}]`);
    return;
  }
  want.forEach((w, i) => {
    const g = got.shape[i];
    if (w !== 'N' && typeof g === 'number' && g !== w) problems.push(`${what} has shape ${shape}; the config implies [${want.join(', ')}] (dimension ${i} is ${g}, not ${w})`);
  });
}

/** The model a project's readers get suggestions from; `url` serves the .onnx file. */
export const ZActiveModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  url: z.string(),
  shipped: z.boolean(),
  config: ZModelConfigSchema,
});
export type TActiveModel = z.infer<typeof ZActiveModelSchema>;

/** Class name → label id: which segmentation label each class of an automatic model proposes. */
export const ZClassLabelsSchema = z.record(z.string().min(1).max(100), z.string().min(1).max(100));
export type TClassLabels = z.infer<typeof ZClassLabelsSchema>;

/** The models a project's readers use: suggestions from a prompt, pre-annotation on open, and a classifier answering one question. */
export const ZActiveModelsSchema = z.object({
  segmentation: ZActiveModelSchema.nullable(),
  preannotation: ZActiveModelSchema.extend({ labels: ZClassLabelsSchema }).nullable(),
  classifier: ZActiveModelSchema.extend({ questionId: z.string() }).nullable(),
});

/** What a project manager sees of the project's models. */
export const ZModelListSchema = z.object({
  /** "click-seg", "off" or an uploaded model's id. */
  segmentation: z.string(),
  classifier: z.string().nullable(),
  /** The model that pre-annotates each image on open and its class → label map, or null (off). */
  preannotation: z.object({ modelId: z.string(), labels: ZClassLabelsSchema }).nullable(),
  shipped: z.object({ id: z.string(), name: z.string(), version: z.string() }),
  shippedPreannotation: z.object({ id: z.string(), name: z.string(), version: z.string(), classes: z.array(z.string()), proposes: z.enum(['masks', 'boxes']).nullable() }),
  models: z.array(
    z.object({
      id: z.string(),
      version: z.number(),
      name: z.string(),
      configVersion: z.string(),
      task: z.enum(['segmentation', 'classification', 'preannotation']),
      questionId: z.string().nullable(),
      /** Pre-annotation models: their classes, to map onto labels, and what they propose (masks for segmentation labels, boxes for box labels). */
      classes: z.array(z.string()),
      proposes: z.enum(['masks', 'boxes']).nullable(),
      bytes: z.number(),
      sha256: z.string(),
      createdAt: z.date(),
    }),
  ),
});
export type TModelList = z.infer<typeof ZModelListSchema>;
