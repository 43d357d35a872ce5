import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { evaluatePairs, mean, pairFiles } from '../model/evaluate';
import { readModelFiles } from '../model/files';
import { openModel } from '../model/onnx';
import type { Command } from './commands';
import { table, UsageError } from './output';

const pct = (v: number) => (Number.isFinite(v) ? v.toFixed(4) : '');

/**
 * `model eval`: Dice of a model's proposals against reference masks, next to the classical
 * baseline on the same prompts, through the same pipeline the browser runs.
 */
export const modelEval: Command = {
  usage: 'model eval --model <id|path> --images <dir> --masks <dir> [--prompt click|box] [--json]',
  summary: 'Dice per structure and mean for a segmentation model and the classical baseline (click = deepest interior point, box = bounding box)',
  async run(args, out) {
    const { values } = parseArgs({
      args,
      options: { model: { type: 'string' }, images: { type: 'string' }, masks: { type: 'string' }, prompt: { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
    if (!values.model || !values.images || !values.masks) throw new UsageError('model eval needs --model, --images and --masks');
    const kind = values.prompt ?? 'click';
    if (kind !== 'click' && kind !== 'box') throw new UsageError('--prompt is click or box');
    for (const dir of [values.images, values.masks]) if (!existsSync(dir)) throw new UsageError(`no folder ${dir}`);
    const { config, bytes } = readModelFiles(values.model);
    if (config.task !== 'interactive-segmentation') throw new UsageError(`model eval measures prompted (click/box) segmentation models; ${config.name} is a model of task ${config.task}`);
    if (!config.prompt.kinds.includes(kind)) throw new UsageError(`${config.name} takes ${config.prompt.kinds.join(' or ')} prompts, not ${kind}`);
    const { pairs, unmatched } = pairFiles(values.images, values.masks);
    if (!pairs.length) throw new UsageError(`no mask in ${values.masks} matches an image in ${values.images} by name`);
    const model = await openModel(config, bytes);
    try {
      const rows = await evaluatePairs(config, model.infer(config.input.name, config.output.name, [config.input.channels.length, config.input.height, config.input.width]), pairs, kind);
      const summary = { model: `${config.name} ${config.version}`, prompt: kind, structures: rows.length, meanDice: mean(rows.map((r) => r.model)), meanBaselineDice: mean(rows.map((r) => r.baseline)), unmatched };
      if (values.json) return out(JSON.stringify({ ...summary, cases: rows }));
      out(table(rows.map((r) => ({ ...r, model: pct(r.model), baseline: pct(r.baseline), ms: Math.round(r.ms) })), ['mask', 'image', 'pixels', 'model', 'baseline', 'ms']));
      out(`\n${summary.model}, ${kind} prompts, ${rows.length} structures: mean Dice ${pct(summary.meanDice)} (baseline ${pct(summary.meanBaselineDice)})`);
      if (unmatched.length) out(`Masks with no image of the same name (skipped): ${unmatched.join(', ')}`);
    } finally {
      await model.release();
    }
  },
};
