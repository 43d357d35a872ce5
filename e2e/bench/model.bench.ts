import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import type { TAutoSegmentationModelConfig } from '../../server/contracts/model/config';
import { segment } from '../../server/contracts/model/segment';
import { readSlice } from '../../server/imaging/display-slice';
import { readModelFiles } from '../../server/model/files';
import { openModel } from '../../server/model/onnx';
import { until } from '../../server/testing/collab-client';
import { percentile } from './machine';

const root = path.resolve(import.meta.dirname, '../..');
const PROMPTS: [number, number][] = [[0.3, 0.45], [0.7, 0.45], [0.32, 0.6], [0.68, 0.6], [0.3, 0.3], [0.7, 0.3], [0.5, 0.5], [0.25, 0.5]];

async function onImage(page: Page, u: number, v: number): Promise<[number, number]> {
  const box = (await page.getByLabel('Image viewport').boundingBox())!;
  const side = Math.min(box.width, box.height);
  return [box.x + box.width / 2 + (u - 0.5) * side, box.y + box.height / 2 + (v - 0.5) * side];
}

/** Opens the demo chest X-ray read with the suggest tool and waits for the model. */
async function openSuggest(page: Page, threads: number | null, undecided = false) {
  await page.goto('/demo-hospital/worklist');
  await page.evaluate((t) => (t ? localStorage.setItem('concord:model-threads', String(t)) : localStorage.removeItem('concord:model-threads')), threads);
  await page.getByRole('row', { name: /Chest X-ray lung fields/ }).getByRole('link').first().click();
  await page.getByTestId('viewer').and(page.locator('[data-segments-ready="yes"]')).waitFor({ timeout: 120_000 });
  // Its pre-annotation (first opening only: a rejected image is not proposed again) is put aside first.
  if (undecided) await preannotation(page);
  await page.keyboard.press('s');
  const suggest = page.getByTestId('suggest');
  await suggest.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
  return { loadMs: Number(await suggest.getAttribute('data-load-ms')), threads: Number(await suggest.getAttribute('data-threads')) };
}

/**
 * The pre-annotation proposal of an image that opens undecided (from the model call, the
 * model's loading included), rejected so it is out of the way; null when the image was decided.
 */
async function preannotation(page: Page): Promise<number | null> {
  const pre = page.getByTestId('preannotation');
  const shown = await pre.and(page.locator('[data-state="proposal"]')).waitFor({ timeout: 120_000 }).then(() => true, () => false);
  if (!shown) return null;
  const ms = Number(await pre.getAttribute('data-latency-ms'));
  await page.keyboard.press('Escape');
  await pre.waitFor({ state: 'detached' });
  return ms;
}

/** The lung-field model's inference alone in Node (onnxruntime-web wasm, 1 thread) on a held-out radiograph. */
async function preannotationNode(runs: number) {
  const config = readModelFiles('cxr-lungs');
  const model = await openModel(config.config, config.bytes);
  const auto = config.config as TAutoSegmentationModelConfig;
  const slice = readSlice(path.join(root, 'server/model/__fixtures__/lungs/MCUCXR_0005_0.png'));
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await segment(auto, model.infer(auto.input.name, auto.output.name, [1, auto.input.height, auto.input.width]), slice);
    ms.push(performance.now() - t0);
  }
  await model.release();
  return ms;
}

/** Per-prompt latency (pre-processing, every scale, refinement, post-processing) as the reader sees it. */
async function prompts(page: Page, rounds: number) {
  const suggest = page.getByTestId('suggest');
  const ms: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const [u, v] of PROMPTS) {
      await page.mouse.click(...(await onImage(page, u, v)));
      await suggest.and(page.locator('[data-state="proposal"], [data-state="ready"]:not([data-latency-ms=""])')).waitFor({ timeout: 60_000 });
      const latency = await suggest.getAttribute('data-latency-ms');
      if (latency) ms.push(Number(latency));
      await page.keyboard.press('Escape');
      await suggest.and(page.locator('[data-state="ready"]')).waitFor();
    }
  return ms;
}

/**
 * The shipped model in headless Chromium on the demo's chest X-ray: load time cold (wasm
 * compiled, model downloaded) and warm (a new page: model from Cache Storage), per-prompt
 * latency with threads and with one thread, and the page's memory (workers included).
 */
export async function modelBench() {
  const port = 3291;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-model-'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CONCORD_DATA_DIR: dataDir, CONCORD_SEED_DEMO: 'true', AUTH_SECRET: 'bench-secret-that-is-at-least-32-characters', LOG_LEVEL: 'error', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/api/health`).catch(() => null))?.ok === true, 'the server', 600_000);
    const browser = await chromium.launch({ executablePath: fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto('/');
    const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
    await page.request.post('/api/auth/callback/credentials', { form: { csrfToken, email: 'reader1@demo-hospital.example', password: 'concord-demo-2026', json: 'true' } });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    await page.goto('/demo-hospital/worklist');
    await page.getByRole('row', { name: /Chest X-ray lung fields/ }).nth(1).getByRole('link').first().click();
    const preCold = await preannotation(page);
    const cold = await openSuggest(page, Math.min(4, cores), true);
    const threaded = await prompts(page, 3);
    const memory = await page.evaluate(async () => {
      const m = (performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }).measureUserAgentSpecificMemory;
      return m ? (await m.call(performance)).bytes : null;
    });
    const warm = await openSuggest(page, Math.min(4, cores));
    const single = await openSuggest(page, 1);
    const oneThread = await prompts(page, 3);
    await page.evaluate(() => localStorage.removeItem('concord:model-threads'));
    await browser.close();
    const preNode = await preannotationNode(10);
    return { cold, warm, single, threaded, oneThread, memory, preCold, preNode };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function modelTable(r: Awaited<ReturnType<typeof modelBench>>) {
  const row = (label: string, ms: number[], threads: number) => `| per prompt, wasm ${threads} thread${threads === 1 ? '' : 's'} (${ms.length} prompts) | ${percentile(ms, 50).toFixed(0)} ms | ${percentile(ms, 95).toFixed(0)} ms | < 150 ms with threads |`;
  return [
    '| measure | p50 / value | p95 | goal |',
    '|---|---|---|---|',
    `| model load, cold (wasm compile + download, ${r.cold.threads} threads) | ${r.cold.loadMs} ms | | |`,
    `| model load, warm (new page, model from Cache Storage) | ${r.warm.loadMs} ms | | |`,
    row('threads', r.threaded, r.cold.threads),
    row('one', r.oneThread, r.single.threads),
    `| pre-annotation on open, first image of the page (lung-field model: worker start, model load, inference, post-processing) | ${r.preCold ?? 'n/a'} ms | | |`,
    `| pre-annotation, inference + post-processing alone (Node, wasm, 1 thread, ${r.preNode.length} runs, 512 × 512 radiograph) | ${percentile(r.preNode, 50).toFixed(0)} ms | ${percentile(r.preNode, 95).toFixed(0)} ms | |`,
    `| page memory after prompts (measureUserAgentSpecificMemory, workers included) | ${r.memory === null ? 'n/a' : `${(r.memory / 2 ** 20).toFixed(0)} MiB`} | | |`,
  ].join('\n');
}
