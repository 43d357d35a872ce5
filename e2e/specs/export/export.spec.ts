import { unzipSync } from 'fflate';
import { expect, screenshot, signInViaApi, test } from '../../fixtures/test';

const PM = { email: 'pm@demo-hospital.example', password: 'concord-demo-2026' };
const READER = { email: 'reader2@demo-hospital.example', password: PM.password };

test.describe('[EXPORT]: dataset snapshots', () => {
  test('a PM creates a snapshot, watches it build, downloads it; a reader cannot', async ({ page, browser }) => {
    await signInViaApi(page, PM);
    await page.goto('/demo-hospital');
    await page.getByRole('link', { name: 'Lung nodule screening (demo)' }).click();
    await page.getByRole('link', { name: 'Exports' }).click();
    await expect(page.getByRole('heading', { name: 'No snapshot yet' })).toBeVisible();

    const form = page.getByRole('form', { name: 'New snapshot' });
    await form.getByLabel('Every individual read, next to the consensus').check();
    await form.getByLabel('Licence (written into the dataset card)').fill('CC BY 4.0');
    for (const f of [/COCO JSON/, /DICOM SEG/, /NIfTI label maps/]) await form.getByLabel(f).uncheck();
    await expect(form.getByRole('button', { name: 'Create snapshot' })).toBeDisabled();
    await form.getByLabel(/NIfTI label maps/).check();
    await form.getByRole('button', { name: 'Create snapshot' }).click();

    const row = page.getByRole('table', { name: 'Snapshots' }).getByRole('row').nth(1);
    await expect(row).toContainText('v1');
    await expect(row).toContainText('ready', { timeout: 60_000 });
    await expect(row).toContainText('reads');
    await expect(row).toContainText('CC BY 4.0');
    await screenshot(page, 'export-snapshots');

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('link', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^concord-\w+-v1\.zip$/);
    const zip = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
    const files = unzipSync(new Uint8Array(zip));
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { cases: { consensus: string }[]; readers: { code: string }[] };
    // The demo's five accepted cases; the three waiting for a lead have no final consensus yet.
    expect(manifest.cases).toHaveLength(5);
    expect(manifest.cases.every((c) => c.consensus === 'accepted')).toBe(true);
    expect(manifest.readers.map((r) => r.code)).toEqual(['R1', 'R2', 'R3']);
    expect(new TextDecoder().decode(files['README.md'])).toContain('**Licence:** CC BY 4.0');
    expect(new TextDecoder().decode(files['tables/answers.csv'])).toMatch(/^case,source,question_id,question,value\n/);

    // A reader sees no Exports tab, is turned away from the page, and the download is refused.
    const ctx = await browser.newContext();
    const readerPage = await ctx.newPage();
    await signInViaApi(readerPage, READER);
    await readerPage.goto(page.url());
    await expect(readerPage.getByRole('heading', { name: 'Exports are for the project’s managers' })).toBeVisible();
    await expect(readerPage.getByRole('link', { name: 'Exports' })).toHaveCount(0);
    const href = await row.getByRole('link', { name: 'Download' }).getAttribute('href');
    expect((await readerPage.request.get(href!)).status()).toBe(403);
    await ctx.close();
  });
});
