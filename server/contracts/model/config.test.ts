import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ModelSignature, signatureProblems, ZModelConfigSchema } from './config';

const shipped = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../public/models/click-seg/model.json'), 'utf8')) as Record<string, unknown>;
const config = ZModelConfigSchema.parse(shipped);
const fits: ModelSignature = {
  inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 96, 96] }],
  outputs: [{ name: 'probability', type: 'float32', shape: ['batch', 1, 96, 96] }],
};
const issues = (raw: unknown) => {
  const r = ZModelConfigSchema.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('[MODEL] the model config format', () => {
  it('accepts the shipped config and a model that fits it', () => {
    expect(config.task).toBe('interactive-segmentation');
    expect(signatureProblems(config, fits)).toEqual([]);
  });

  it('names wrong shapes, element types, missing inputs and outputs', () => {
    expect(signatureProblems(config, { ...fits, inputs: [{ name: 'input', type: 'float32', shape: ['batch', 1, 96, 96] }] })).toEqual([
      'input "input" has shape [batch, 1, 96, 96]; the config implies [N, 3, 96, 96] (dimension 1 is 1, not 3)',
    ]);
    expect(signatureProblems(config, { ...fits, outputs: [{ name: 'probability', type: 'float32', shape: ['batch', 1, 128, 128] }] })).toEqual([
      'output "probability" has shape [batch, 1, 128, 128]; the config implies [N, 1, 96, 96] (dimension 2 is 128, not 96)',
      'output "probability" has shape [batch, 1, 128, 128]; the config implies [N, 1, 96, 96] (dimension 3 is 128, not 96)',
    ]);
    expect(signatureProblems(config, { ...fits, outputs: [{ name: 'logits', type: 'float32', shape: ['batch', 1, 96, 96] }] })).toEqual(['the model has no output "probability" (it has "logits")']);
    expect(signatureProblems(config, { ...fits, inputs: [{ name: 'image', type: 'uint8', shape: [1, 96, 96] }] })).toEqual(['the model has no input "input" (it has "image")']);
    expect(signatureProblems(config, { ...fits, inputs: [{ name: 'input', type: 'float16', shape: [1, 3, 96, 96] }] })).toEqual(['input "input" is float16; float32 is required']);
    expect(signatureProblems(config, { ...fits, inputs: [...fits.inputs, { name: 'extra', type: 'float32', shape: [1] }] })).toEqual(['the model takes 2 inputs; Concord feeds exactly one']);
  });

  it('refuses absurd sizes, prompts without a channel, classifiers with prompt channels and unknown formats, with the field named', () => {
    const input = shipped.input as Record<string, unknown>;
    expect(issues({ ...shipped, input: { ...input, width: 4096, height: 4096 } })).toEqual([
      'input.width: input sides above 1024 px are too large for a browser',
      'input.height: input sides above 1024 px are too large for a browser',
      'input: the input is too large to run per prompt in a browser (over 4 million values)',
    ]);
    expect(issues({ ...shipped, input: { ...input, width: 1024, height: 1024, channels: ['image', 'click', 'box', 'image'] } })).toEqual(['input: the input is too large to run per prompt in a browser (over 4 million values)']);
    expect(issues({ ...shipped, input: { ...input, channels: ['image', 'click'] } })).toEqual(['input.channels: prompt kind "box" needs a "box" input channel']);
    expect(issues({ ...shipped, format: 'concord.model/0' })).toEqual(['format: Invalid input: expected "concord.model/1"']);
    expect(issues({ ...shipped, output: { name: 'probability', kind: 'mask', threshold: 1.5 } })).toEqual(['output.threshold: Too big: expected number to be <1']);
    const classifier = { format: 'concord.model/1', name: 'c', version: '1', task: 'classification', input: { ...input, channels: ['image', 'click'] }, output: { name: 'p', kind: 'probabilities', classes: ['yes', 'no'] } };
    expect(issues(classifier)).toEqual(['input.channels: a classifier takes image channels only']);
    expect(issues({ ...classifier, output: { name: 'p', kind: 'probabilities', classes: ['yes'] } })).toContain('output.classes: Too small: expected array to have >=2 items');
  });

  it('checks an automatic segmentation model: image channels only, distinct classes, one output plane per class', () => {
    const lungs = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../public/models/cxr-lungs/model.json'), 'utf8')) as Record<string, unknown>;
    const auto = ZModelConfigSchema.parse(lungs);
    const sig: ModelSignature = { inputs: [{ name: 'image', type: 'float32', shape: ['N', 1, 256, 256] }], outputs: [{ name: 'lungs', type: 'float32', shape: ['N', 2, 256, 256] }] };
    expect(signatureProblems(auto, sig)).toEqual([]);
    expect(signatureProblems(auto, { ...sig, outputs: [{ name: 'lungs', type: 'float32', shape: ['N', 3, 256, 256] }] })).toEqual([
      'output "lungs" has shape [N, 3, 256, 256]; the config implies [N, 2, 256, 256] (dimension 1 is 3, not 2)',
    ]);
    const input = lungs.input as Record<string, unknown>;
    expect(issues({ ...lungs, input: { ...input, channels: ['image', 'click'] } })).toEqual(['input.channels: an automatic segmentation model takes image channels only']);
    expect(issues({ ...lungs, output: { name: 'lungs', kind: 'masks', classes: [{ name: 'a' }, { name: 'a' }] } })).toEqual(['output.classes: class names must be distinct']);
    expect(issues({ ...lungs, output: { name: 'lungs', kind: 'masks', classes: [] } })).toEqual(['output.classes: Too small: expected array to have >=1 items']);
    expect(issues({ ...lungs, output: { name: 'lungs', kind: 'mask', threshold: 0.5 } })).toContain('output.kind: Invalid input: expected "masks"');
  });
});
