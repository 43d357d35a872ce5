import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
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
async function openSuggest(page: Page, threads: number | null) {
  await page.goto('/demo-hospital/worklist');
  await page.evaluate((t) => (t ? localStorage.setItem('concord:model-threads', String(t)) : localStorage.removeItem('concord:model-threads')), threads);
  await page.getByRole('row', { name: /Chest X-ray lung fields/ }).getByRole('link').first().click();
  await page.getByTestId('viewer').and(page.locator('[data-segments-ready="yes"]')).waitFor({ timeout: 120_000 });
  await page.keyboard.press('s');
  const suggest = page.getByTestId('suggest');
  await suggest.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
  return { loadMs: Number(await suggest.getAttribute('data-load-ms')), threads: Number(await suggest.getAttribute('data-threads')) };
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
    const cold = await openSuggest(page, Math.min(4, cores));
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
    return { cold, warm, single, threaded, oneThread, memory };
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
    `| page memory after prompts (measureUserAgentSpecificMemory, workers included) | ${r.memory === null ? 'n/a' : `${(r.memory / 2 ** 20).toFixed(0)} MiB`} | | |`,
  ].join('\n');
}
