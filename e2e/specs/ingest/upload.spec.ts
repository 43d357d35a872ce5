import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { zipSync } from 'fflate';
import { expect, screenshot, signInViaApi, test, type Seed } from '../../fixtures/test';

const SERIES = path.resolve('prisma/seed/data/mr-brain-t1/t1_MPRAGEcr_noGRAPPA_19');

/** A PM signs in, creates a project and opens its Studies tab. */
async function newProjectStudies(page: Page, seed: Seed, name: string) {
  const pm = await seed.createUser({ name: 'Pat Manager' });
  const org = await seed.createOrg({ name: 'E2E Imaging', members: [{ user: pm, role: 'ADMIN' }] });
  await signInViaApi(page, pm);
  await page.goto(`/${org.slug}/projects/new`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Readers per case').fill('1');
  await page.getByRole('button', { name: 'Create project' }).click();
  await expect(page).toHaveURL(/\/projects\/\w+\/schema$/);
  await page.getByRole('link', { name: 'Studies' }).click();
}

test.describe('[INGEST]: a PM uploads a real MR series', () => {
  test('files go up with progress to 100%, become a de-identified study with a quality report and a case', async ({ page, seed }) => {
    await newProjectStudies(page, seed, 'Brain MR');

    const slices = fs.readdirSync(SERIES).sort().slice(0, 16).map((f) => path.join(SERIES, f));
    const requests: string[] = [];
    page.on('request', (r) => void (r.url().includes('/api/ingest/') && requests.push(r.headers()['content-type'] ?? '')));
    await page.getByLabel('DICOM files').setInputFiles([...slices, path.resolve('README.md')]);
    await expect(page.getByRole('progressbar', { name: 'Upload progress' })).toHaveAttribute('aria-valuenow', '100');
    await expect(page.getByText(/17\/17 files/)).toBeVisible();
    // The small files went up several to a request (16 slices of ~190 kB, 1 MiB a request at most).
    expect(requests.length).toBeGreaterThanOrEqual(4);
    expect(requests.length).toBeLessThanOrEqual(6);
    expect(requests.filter((t) => t.startsWith('multipart/related')).length).toBeGreaterThanOrEqual(3);
    await expect(page.getByText(/16 accepted · 0 duplicates · 1 rejected/)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Files' })).toContainText('README.md');

    const studies = page.getByRole('table', { name: 'Studies' });
    await expect(studies).toContainText(/P-[0-9A-F]{10}/);
    await expect(studies).toContainText('16');
    await expect(studies.getByText(/^OK · \d/)).toBeVisible({ timeout: 30_000 });
    await expect(studies).not.toContainText('Rorden');
    await screenshot(page, 'studies-upload');

    await page.getByRole('link', { name: 'Cases' }).click();
    await expect(page.getByText(/P-[0-9A-F]{10} MR /).first()).toBeVisible();
  });

  test('a .zip archive is opened in the browser and its files go up; an entry it cannot read is rejected with the reason', async ({ page, seed }, testInfo) => {
    await newProjectStudies(page, seed, 'Brain MR zip');

    const slices = fs.readdirSync(SERIES).sort().slice(20, 28);
    const archive = testInfo.outputPath('series.zip');
    fs.writeFileSync(archive, zipSync(Object.fromEntries(slices.map((f) => [`series/${f}`, [new Uint8Array(fs.readFileSync(path.join(SERIES, f))), { level: 6 }]]))));
    await page.getByLabel('DICOM files').setInputFiles([archive, path.resolve('app/_features/studies/__fixtures__/bz.zip')]);
    await expect(page.getByRole('progressbar', { name: 'Upload progress' })).toHaveAttribute('aria-valuenow', '100');
    await expect(page.getByText(/8 accepted · 0 duplicates · 1 rejected/)).toBeVisible();
    const files = page.getByRole('table', { name: 'Files' });
    await expect(files).toContainText('bz.zip/-');
    await expect(files).toContainText('zip compression method 12 is not supported');
    await expect(files.getByRole('row').filter({ hasText: 'bz.zip/-' })).toContainText('not sent'); // no progress bar at 100% for it
    await expect(page.getByRole('table', { name: 'Studies' })).toContainText('8');
    await screenshot(page, 'studies-upload-zip');
  });

  test('the files of a request that failed are retried on demand; pause holds the next requests until resumed', async ({ page, seed }) => {
    await newProjectStudies(page, seed, 'Brain MR retry');
    const slices = fs.readdirSync(SERIES).sort().slice(40, 70).map((f) => path.join(SERIES, f));
    // The first request (a group of several files) is cut off; the next three are held until the upload has been paused.
    let requests = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/ingest/**', async (route) => {
      requests++;
      if (requests === 1) return route.abort('connectionreset');
      if (requests <= 4) await held;
      return route.continue();
    });
    await page.getByLabel('DICOM files').setInputFiles(slices);
    await expect.poll(() => requests).toBe(4);
    await page.getByRole('button', { name: 'Pause' }).click();
    release();
    const status = page.getByText(/\d+\/30 files/);
    await expect(status).toContainText(/ \d+ failed/);
    await page.waitForTimeout(1000); // the paused upload sends nothing more
    expect(requests).toBe(4);
    await expect(status).not.toContainText('30/30 files');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect(status).toContainText('30/30 files');
    const failed = Number(/(\d+) failed/.exec((await status.textContent())!)![1]);
    expect(failed).toBeGreaterThan(1); // a whole group
    await expect(page.getByRole('table', { name: 'Files' })).toContainText('Network error');
    await page.getByRole('button', { name: 'Retry failed' }).click();
    await expect(status).toContainText('30 accepted · 0 duplicates · 0 rejected');
    await expect(status).not.toContainText('failed');
    await expect(page.getByRole('table', { name: 'Files' })).toHaveCount(0); // every file accepted: nothing to list
    // The series job ran again after the retried files: the report covers all 30 contiguous slices.
    await expect(page.getByRole('table', { name: 'Studies' }).getByText(/^OK · \d/)).toBeVisible({ timeout: 30_000 });
    await screenshot(page, 'studies-upload-retried');
  });
});
