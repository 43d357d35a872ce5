import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../testing/cli';

const EVAL = path.resolve(import.meta.dirname, '../model/__fixtures__/eval');
const CXR = path.resolve(import.meta.dirname, '../../prisma/seed/data/cxr-lungs/MCUCXR_0005_0.dcm');


interface Report {
  structures: number;
  meanDice: number;
  meanBaselineDice: number;
  cases: { mask: string; image: string; model: number; baseline: number }[];
}

describe('[MODEL] `concord model eval`', () => {
  it('prints Dice per structure and the means for the model and the baseline, as a table or JSON', { timeout: 120_000 }, async () => {
    const json = await cli(['model', 'eval', '--model', 'click-seg', '--images', `${EVAL}/images`, '--masks', `${EVAL}/masks`, '--prompt', 'box', '--json'], { DATABASE_URL: '' });
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout) as Report;
    expect(r.structures).toBe(7);
    expect(r.cases.map((c) => [c.mask, c.image])).toContainEqual(['000_HC_head.png', '000_HC.png']);
    const mean = (k: 'model' | 'baseline') => r.cases.reduce((s, c) => s + c[k], 0) / r.cases.length;
    expect(r.meanDice).toBeCloseTo(mean('model'), 12);
    expect(r.meanBaselineDice).toBeCloseTo(mean('baseline'), 12);
    expect(r.meanDice).toBeGreaterThan(r.meanBaselineDice);

    const table = await cli(['model', 'eval', '--model', 'public/models/click-seg', '--images', `${EVAL}/images`, '--masks', `${EVAL}/masks`], { DATABASE_URL: '' });
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^mask\s+image\s+pixels\s+model\s+baseline\s+ms/m);
    expect(table.stdout).toMatch(/click prompts, 7 structures: mean Dice 0\.\d{4} \(baseline 0\.\d{4}\)/);
  });

  it('reads DICOM images as displayed and gives the same answer as the PNG they were made from', { timeout: 120_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-eval-'));
    fs.mkdirSync(path.join(dir, 'images'));
    fs.mkdirSync(path.join(dir, 'masks'));
    fs.copyFileSync(CXR, path.join(dir, 'images', 'MCUCXR_0005_0.dcm'));
    for (const m of ['MCUCXR_0005_0_image-left.png', 'MCUCXR_0005_0_image-right.png']) fs.copyFileSync(path.join(EVAL, 'masks', m), path.join(dir, 'masks', m));
    const dicom = JSON.parse((await cli(['model', 'eval', '--model', 'click-seg', '--images', `${dir}/images`, '--masks', `${dir}/masks`, '--json'], { DATABASE_URL: '' })).stdout) as Report;
    const png = JSON.parse((await cli(['model', 'eval', '--model', 'click-seg', '--images', `${EVAL}/images`, '--masks', `${EVAL}/masks`, '--json'], { DATABASE_URL: '' })).stdout) as Report;
    const lungs = png.cases.filter((c) => c.image === 'MCUCXR_0005_0.png');
    expect(dicom.cases.map((c) => c.image)).toEqual(['MCUCXR_0005_0.dcm', 'MCUCXR_0005_0.dcm']);
    dicom.cases.forEach((c, i) => expect(Math.abs(c.model - lungs[i]!.model)).toBeLessThan(0.02));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad input with a message: usage (exit 2), a missing model, a mask of another size, a config that does not fit the model (exit 1)', { timeout: 120_000 }, async () => {
    const usage = await cli(['model', 'eval', '--model', 'click-seg'], { DATABASE_URL: '' });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/needs --model, --images and --masks/);
    expect((await cli(['model', 'eval', '--model', 'click-seg', '--images', EVAL, '--masks', EVAL, '--prompt', 'lasso'], { DATABASE_URL: '' })).stderr).toMatch(/--prompt is click or box/);

    const missing = await cli(['model', 'eval', '--model', '/nonexistent/model.onnx', '--images', `${EVAL}/images`, '--masks', `${EVAL}/masks`], { DATABASE_URL: '' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no model at \/nonexistent\/model.onnx/);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-eval-'));
    fs.mkdirSync(path.join(dir, 'images'));
    fs.mkdirSync(path.join(dir, 'masks'));
    fs.copyFileSync(path.join(EVAL, 'images', 's0114_111.png'), path.join(dir, 'images', 'a.png'));
    fs.copyFileSync(path.join(EVAL, 'masks', 'z111.0_nodule.png'), path.join(dir, 'masks', 'a_x.png'));
    const size = await cli(['model', 'eval', '--model', 'click-seg', '--images', `${dir}/images`, '--masks', `${dir}/masks`], { DATABASE_URL: '' });
    expect(size.code).toBe(1);
    expect(size.stderr).toMatch(/a_x.png is 180×180 but its image a.png is 258×181/);

    const model = path.join(dir, 'model');
    fs.mkdirSync(model);
    fs.copyFileSync('public/models/click-seg/model.onnx', path.join(model, 'model.onnx'));
    const config = JSON.parse(fs.readFileSync('public/models/click-seg/model.json', 'utf8')) as { input: { width: number; height: number } };
    fs.writeFileSync(path.join(model, 'model.json'), JSON.stringify({ ...config, input: { ...config.input, width: 128, height: 128 } }));
    const wrong = await cli(['model', 'eval', '--model', model, '--images', `${EVAL}/images`, '--masks', `${EVAL}/masks`], { DATABASE_URL: '' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/the model does not match its config: input "input" has shape \[batch, 3, 96, 96\]; the config implies \[N, 3, 128, 128\]/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
