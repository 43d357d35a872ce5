import type { Page } from '@playwright/test';
import { expect, expectSaved, screenshot, signInViaApi, test } from '../../fixtures/test';

const READER = { email: 'reader1@demo-hospital.example', password: 'concord-demo-2026' };
const PM = { email: 'pm@demo-hospital.example', password: 'concord-demo-2026' };

/** A point of the 512 × 512 radiograph (fractions of its width/height) on the page, for the fitted, centred image. */
async function onImage(page: Page, u: number, v: number): Promise<[number, number]> {
  const box = (await page.getByLabel('Image viewport').boundingBox())!;
  const side = Math.min(box.width, box.height);
  return [box.x + box.width / 2 + (u - 0.5) * side, box.y + box.height / 2 + (v - 0.5) * side];
}

const pixels = async (page: Page) => Number((await page.getByTestId('suggest').textContent())!.match(/([\d,]+) px/)![1]!.replace(/,/g, ''));

test.describe('[MODEL]: model suggestions in the reader\'s browser', () => {
  test('a click on a lung gives a proposal; accept paints it, reject stores nothing; works offline; the page is cross-origin isolated', async ({ page, context, browser }) => {
    test.setTimeout(180_000);
    await signInViaApi(page, READER);
    await page.goto('/demo-hospital/worklist');
    await page.getByRole('row', { name: /Chest X-ray lung fields/ }).getByRole('link').first().click();
    await expect(page).toHaveURL(/\/read\/\w+$/);
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await expectSaved(page);
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);

    // The project pre-annotates on open (preannotate.spec covers it); rejected here to click by hand.
    const pre = page.getByTestId('preannotation');
    await expect(pre).toHaveAttribute('data-state', 'proposal', { timeout: 60_000 });
    await page.keyboard.press('Escape');
    await expect(pre).toHaveCount(0);

    // The suggest tool: the model loads in a worker (wasm, with threads since the page is isolated).
    await page.keyboard.press('s');
    const suggest = page.getByTestId('suggest');
    await expect(suggest).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(suggest).toContainText(/wasm, \d+ threads?|webgpu/);
    const right = page.getByTestId('segment-volume-right_lung');
    const before = await right.textContent();

    // Click inside the image's left lung field (the patient's right lung): a lung-sized proposal.
    await page.mouse.click(...(await onImage(page, 0.3, 0.45)));
    await expect(suggest).toHaveAttribute('data-state', 'proposal', { timeout: 30_000 });
    const proposed = await pixels(page);
    expect(proposed).toBeGreaterThan(8_000); // a lung field is 10–25 % of the image (26 000–65 000 px)
    expect(proposed).toBeLessThan(70_000);
    await screenshot(page, 'suggest-proposal');

    // Reject: nothing is painted.
    await page.keyboard.press('Escape');
    await expect(suggest).toHaveAttribute('data-state', 'ready');
    await expect(right).toHaveText(before!);

    // Ask again and accept: the proposal becomes the reader's right-lung segmentation.
    await page.mouse.click(...(await onImage(page, 0.3, 0.45)));
    await expect(suggest).toHaveAttribute('data-state', 'proposal', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect(right).not.toHaveText(before!);
    const accepted = await right.textContent();
    await expectSaved(page);
    await screenshot(page, 'suggest-accepted');

    // Offline after the first load: the model still answers, and the edit is kept for later.
    await context.setOffline(true);
    await page.getByLabel('Active label').selectOption('left_lung');
    await page.mouse.click(...(await onImage(page, 0.7, 0.45)));
    await expect(suggest).toHaveAttribute('data-state', 'proposal', { timeout: 30_000 });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('segment-volume-left_lung')).not.toHaveText('0.00 ml');
    await expect(right).toHaveText(accepted!);
    await context.setOffline(false);
    await expectSaved(page);

    // After a reload both masks come back from the stored document.
    await page.reload();
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await expect(right).toHaveText(accepted!);
    await expect(page.getByTestId('segment-volume-left_lung')).not.toHaveText('0.00 ml');

    // Submitted: the project manager sees what the reader did with the proposals.
    await page.getByRole('radio', { name: 'Diagnostic' }).click();
    await expectSaved(page);
    const readUrl = page.url();
    await page.getByRole('button', { name: 'Submit and next' }).click();
    await expect(page).not.toHaveURL(readUrl, { timeout: 30_000 });
    const pm = await browser.newPage();
    await signInViaApi(pm, PM);
    await pm.goto('/demo-hospital');
    await pm.getByRole('link', { name: 'Chest X-ray lung fields (demo)' }).click();
    await pm.getByRole('link', { name: 'Models' }).click();
    const stats = pm.getByRole('table', { name: 'Model assistance' });
    await expect(stats).toContainText('Concord click segmentation');
    const row = stats.getByRole('row', { name: /Concord click segmentation/ });
    await expect(row.getByRole('cell').nth(2)).toHaveText('3'); // proposals
    await expect(row.getByRole('cell').nth(3)).toHaveText('2'); // accepted
    await expect(row.getByRole('cell').nth(5)).toHaveText('1'); // rejected
    await expect(row.getByRole('cell').nth(6)).toHaveText('67 %');
    await screenshot(pm, 'models-assist-stats');
    await pm.close();
  });
});
