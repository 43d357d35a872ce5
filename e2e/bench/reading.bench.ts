/**
 * Reading: (1) per-edit sync latency between two clients of one annotation document and the
 * save confirmation (stored in PostgreSQL, acknowledged), p50/p95, through a real collaboration
 * server; (2) in headless Chromium against the production server: time to the first rendered
 * image and to the whole series loaded (the full 176-slice MR), and scrolling speed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import { createOrg, createUser } from '../../prisma/seed/factories';
import { setAnswer } from '../../server/contracts/annotation-doc/doc';
import { isSaved } from '../../server/contracts/annotation-doc/saved';
import { reloadEnv } from '../../server/config/env';
import { disconnectDb } from '../../server/db/client';
import { stopQueue } from '../../server/jobs/queue';
import { createCollabServer } from '../../server/realtime/collab';
import { callerFor } from '../../server/testing/callers';
import { collabClient } from '../../server/testing/collab-client';
import { FIXTURES, filesIn, ingestAs, syntheticCtSeries } from '../../server/testing/dicom';
import { percentile } from './machine';
import { startBenchServer } from './server';

const EDITS = Number(process.env.BENCH_EDITS ?? 200);

async function readerWorld(files: string[] | { name: string; bytes: Uint8Array }[] = [], modality = 'MR') {
  const pm = await createUser({ name: 'Bench PM' });
  const reader = await createUser({ name: 'Bench Reader' });
  const org = await createOrg({ members: [{ user: pm, role: 'ADMIN' }, { user: reader, role: 'MEMBER' }] });
  const pmApi = await callerFor(pm);
  const { id: projectId } = await pmApi.project.create({ orgSlug: org.slug, name: 'Bench reading', description: '', modality, readersPerCase: 1, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: null });
  const scope = { orgSlug: org.slug, projectId };
  await pmApi.project.setMember({ ...scope, email: reader.email, role: 'READER' });
  if (files.length) await ingestAs(pm, scope, files);
  else await pmApi.case.create({ ...scope, label: 'Bench case' });
  await pmApi.case.distribute(scope);
  const api = await callerFor(reader);
  const assignmentId = (await api.assignment.next({ orgSlug: org.slug }))!.assignmentId;
  return { reader, org, api, assignmentId };
}

export async function syncBench(url: string) {
  process.env.DATABASE_URL = url;
  process.env.AUTH_SECRET ??= 'bench-secret-that-is-at-least-32-characters';
  reloadEnv();
  const collab = createCollabServer();
  await collab.listen(0);
  const ws = `ws://127.0.0.1:${collab.address.port}`;
  const { api, org, assignmentId } = await readerWorld();
  const token = async () => (await api.assignment.collabToken({ orgSlug: org.slug, assignmentId })).token;
  const a = collabClient(ws, `assignment:${assignmentId}`, token);
  const b = collabClient(ws, `assignment:${assignmentId}`, token);
  await a.synced();
  await b.synced();
  const sync: number[] = [];
  const save: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const value = `v${i}`;
    const t0 = performance.now();
    let synced = 0;
    let stored = 0;
    const answers = b.doc.getMap('answers');
    await new Promise<void>((resolve) => {
      const check = () => {
        if (!synced && answers.get('q') === value) synced = performance.now();
        if (!stored && isSaved(a.doc, a.state.savedVector)) stored = performance.now();
        if (synced && stored) resolve();
        else setImmediate(check);
      };
      setAnswer(a.doc, 'q', value);
      check();
    });
    sync.push(synced - t0);
    save.push(stored - t0);
  }
  a.destroy();
  b.destroy();
  await collab.destroy();
  // The case set-up started the job queue in this process: left running on a database about to be
  // stopped, it kept reconnecting and slowed the viewer runs after it (a 500-slice CT: 9.1 s against 6.1 s).
  await stopQueue();
  await disconnectDb();
  return { sync: { p50: percentile(sync, 50), p95: percentile(sync, 95) }, save: { p50: percentile(save, 50), p95: percentile(save, 95) } };
}

/** The production server on a fresh embedded database; per series (the full MR, a 500-slice CT) one reader in Chromium, five page loads. */
export async function viewerBench() {
  const { base, stop } = await startBenchServer(3290);
  const open: { close(): Promise<void> }[] = [];
  let profileDir: string | null = null;
  try {
    const series = [
      { label: 'MR', modality: 'MR', files: filesIn(FIXTURES.mrSeries) as string[] | { name: string; bytes: Uint8Array }[] },
      { label: 'CT (synthetic: one real 512 × 512 slice repeated)', modality: 'CT', files: syntheticCtSeries(500) },
    ];
    const executablePath = fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
    const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
    const browser = await chromium.launch({ executablePath, args });
    open.push(browser);
    // A browser with a profile on disk, as a reader's is: its cache keeps the scripts' compiled code
    // between tabs (a Playwright context does not), for the case opened in a new tab.
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'concord-bench-browser-'));
    const tabs = await chromium.launchPersistentContext(profileDir, { executablePath, args, baseURL: base, viewport: { width: 1400, height: 900 } });
    open.push(tabs);
    const results = [];
    for (const s of series) {
      const { reader, org, assignmentId } = await readerWorld(s.files, s.modality);
      const context = await browser.newContext({ baseURL: base, viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const { csrfToken } = (await (await page.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
      await page.request.post('/api/auth/callback/credentials', { form: { csrfToken, email: reader.email, password: reader.password, json: 'true' } });
      // The case page's HTML alone (the server's part of the first image: session, case, label schema, rendering).
      const served: number[] = [];
      for (let i = 0; i < 30; i++) {
        const t0 = performance.now();
        await page.request.get(`/${org.slug}/read/${assignmentId}`);
        served.push(performance.now() - t0);
      }
      const first: number[] = [];
      const html: number[] = [];
      const started: number[] = [];
      const all: number[] = [];
      const fps: number[] = [];
      const mprFirst: number[] = [];
      const mprAgain: number[] = [];
      for (let run = 0; run < 5; run++) {
        // A fresh page each time: the browser's image cache is per page (cornerstone keeps images in memory).
        await page.goto(`/${org.slug}/read/${assignmentId}`);
        const viewer = page.getByTestId('viewer');
        await viewer.and(page.locator('[data-all-loaded-ms]:not([data-all-loaded-ms=""])')).waitFor({ timeout: 300_000 });
        first.push(Number(await viewer.getAttribute('data-first-image-ms')));
        const phases = await page.evaluate(() => ({
          html: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd,
          started: performance.getEntriesByName('concord:viewer-start')[0]?.startTime ?? NaN,
        }));
        html.push(phases.html);
        started.push(phases.started);
        all.push(Number(await viewer.getAttribute('data-all-loaded-ms')));
        // Scroll the whole series, one key press per animation frame, and count the images shown.
        await page.getByLabel('Image viewport').click({ position: { x: 5, y: 5 } });
        await page.keyboard.press('Home');
        const n = Number(await viewer.getAttribute('data-count'));
        const t0 = Date.now();
        for (let i = 1; i < n; i++) await page.keyboard.press('ArrowDown');
        await page.locator(`[data-slice="${n - 1}"]`).waitFor();
        fps.push((n - 1) / ((Date.now() - t0) / 1000));
        // MPR from the cached images: opened, closed (the volume is dropped), opened again.
        mprFirst.push(await openMpr(page));
        await page.keyboard.press('m');
        await page.getByRole('group', { name: /reconstruction$/ }).first().waitFor({ state: 'detached' });
        mprAgain.push(await openMpr(page));
      }
      await context.close();
      const newTab = await firstImageInNewTabs(tabs, reader, `/${org.slug}/read/${assignmentId}`);
      results.push({
        label: s.label,
        slices: s.files.length,
        served: percentile(served, 50),
        phases: { html: percentile(html, 50), started: percentile(started, 50) },
        firstImage: { p50: percentile(first, 50), max: Math.max(...first) },
        newTab: { p50: percentile(newTab, 50), max: Math.max(...newTab) },
        allLoaded: { p50: percentile(all, 50), max: Math.max(...all) },
        fps: percentile(fps, 50),
        mpr: { first: percentile(mprFirst, 50), again: percentile(mprAgain, 50) },
      });
    }
    await disconnectDb();
    return results;
  } finally {
    // Also when a run throws: browsers left open would keep the bench process from ending.
    for (const b of open) await b.close().catch(() => {});
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
    await stop();
  }
}

/** From the M key to the three reconstructions drawn with their volume (ms, as Playwright sees it). */
async function openMpr(page: Page) {
  const t0 = performance.now();
  await page.keyboard.press('m');
  await page.locator('[role="group"][aria-label$="reconstruction"][data-state="ready"]').nth(2).waitFor({ timeout: 120_000 });
  return performance.now() - t0;
}

/**
 * The first image when the case opens in a new tab (a new page process: nothing compiled in memory,
 * the browser's cache warm): 5 times, after one opening that fills the cache. Each tab is closed
 * before the next opens.
 */
async function firstImageInNewTabs(tabs: BrowserContext, reader: { email: string; password: string }, url: string) {
  const signIn = await tabs.newPage();
  const { csrfToken } = (await (await signIn.request.get('/api/auth/csrf')).json()) as { csrfToken: string };
  await signIn.request.post('/api/auth/callback/credentials', { form: { csrfToken, email: reader.email, password: reader.password, json: 'true' } });
  await signIn.close();
  const times: number[] = [];
  for (let run = 0; run <= 5; run++) {
    const page = await tabs.newPage();
    await page.goto(url);
    const viewer = page.getByTestId('viewer');
    await viewer.and(page.locator('[data-first-image-ms]:not([data-first-image-ms=""])')).waitFor({ timeout: 300_000 });
    if (run > 0) times.push(Number(await viewer.getAttribute('data-first-image-ms')));
    await page.close();
  }
  return times;
}

export function readingTable(sync: { label: string; r: Awaited<ReturnType<typeof syncBench>> }[], viewer: Awaited<ReturnType<typeof viewerBench>> | null) {
  const lines = [
    `| measure | database | p50 | p95 | goal |`,
    `|---|---|---:|---:|---|`,
    ...sync.flatMap(({ label, r }) => [
      `| edit in one client → applied in a second (${EDITS} edits) | ${label} | ${r.sync.p50.toFixed(1)} ms | ${r.sync.p95.toFixed(1)} ms | p95 < 50 ms |`,
      `| edit → stored and acknowledged ("saved") | ${label} | ${r.save.p50.toFixed(1)} ms | ${r.save.p95.toFixed(1)} ms | |`,
    ]),
  ];
  if (viewer) {
    lines.push('', '| viewer, headless Chromium (software WebGL), 5 page loads each | case page from the server, p50 of 30 | first image drawn, p50 / worst | … in a new tab, p50 / worst | whole series loaded, p50 / worst | scrolling, one key press per frame | MPR opens, p50: first / again |', '|---|---:|---:|---:|---:|---:|---:|');
    for (const v of viewer) lines.push(`| ${v.slices}-slice ${v.label} | ${v.served.toFixed(0)} ms | ${v.firstImage.p50} / ${v.firstImage.max} ms | ${v.newTab.p50} / ${v.newTab.max} ms | ${v.allLoaded.p50} / ${v.allLoaded.max} ms | ${v.fps.toFixed(0)} images/s | ${v.mpr.first.toFixed(0)} / ${v.mpr.again.toFixed(0)} ms |`);
    lines.push('', 'Goals: first image < 500 ms; a 176-slice series whole < 3 s. Times run from the page navigation; the first includes the case page from the server (embedded database). The page loads reload the case in the same tab; the new tabs open it in a browser with a profile on disk, each in a fresh page process (the first case of a day, or one opened beside the worklist). MPR runs from the M key, with the whole series loaded, until the three reconstructions are set up with their volume (built from the cached images); "again" opens them after closing them, which drops the volume.');
    lines.push('', 'Where the first image’s time goes (p50 of each, from the navigation): the page’s HTML has arrived; the scripts have run and hydrated the page, and the viewer starts (cornerstone, its WebGL context, the series’ metadata); the image is drawn.', '', '| series | HTML in | viewer starts | image drawn |', '|---|---:|---:|---:|');
    for (const v of viewer) lines.push(`| ${v.slices}-slice ${v.label.split(' ')[0]} | ${v.phases.html.toFixed(0)} ms | ${v.phases.started.toFixed(0)} ms | ${v.firstImage.p50} ms |`);
  }
  return lines.join('\n');
}
