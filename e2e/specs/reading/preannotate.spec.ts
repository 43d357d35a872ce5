import type { Page } from '@playwright/test';
import { expect, expectSaved, screenshot, signInViaApi, test } from '../../fixtures/test';

const PASSWORD = 'concord-demo-2026';
const READER = { email: 'reader3@demo-hospital.example', password: PASSWORD };
const PM = { email: 'pm@demo-hospital.example', password: PASSWORD };

const volume = (page: Page, label: string) => page.getByTestId(`segment-volume-${label}`);

async function openChestCase(page: Page, nth: number) {
  await page.goto('/demo-hospital/worklist');
  await page.getByRole('row', { name: /Chest X-ray lung fields/ }).nth(nth).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/read\/\w+$/);
  await expect(page.getByTestId('viewer')).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
}

test.describe('[MODEL]: pre-annotation when an image opens', () => {
  test('the project model proposes both lungs on open; accept paints both in one undo step; reject paints nothing; the PM sees the outcome', async ({ page, browser }) => {
    test.setTimeout(180_000);
    await signInViaApi(page, READER);
    await openChestCase(page, 0);
    await expectSaved(page);

    // Without a click: the lung-field model runs in the browser and proposes each lung in its label's colour.
    const pre = page.getByTestId('preannotation');
    await expect(pre).toHaveAttribute('data-state', 'proposal', { timeout: 60_000 });
    await expect(pre).toContainText(/Right lung [\d,]+ px · Left lung [\d,]+ px/);
    const counts = [...(await pre.textContent())!.matchAll(/([\d,]+) px/g)].map((m) => Number(m[1]!.replace(/,/g, '')));
    expect(counts).toHaveLength(2);
    for (const n of counts) {
      expect(n).toBeGreaterThan(20_000); // each lung field is 10–25 % of the 512 × 512 radiograph (26 000–65 000 px)
      expect(n).toBeLessThan(70_000);
    }
    await expect(volume(page, 'right_lung')).toHaveText('0.00 ml');
    await screenshot(page, 'preannotation-proposal');

    // Accept (Enter): both lungs become the reader's segmentations, marked as model-assisted.
    await page.keyboard.press('Enter');
    await expect(pre).toHaveCount(0);
    await expect(volume(page, 'right_lung')).toHaveText(/[1-9][\d.]* ml/);
    await expect(volume(page, 'left_lung')).toHaveText(/[1-9][\d.]* ml/);
    const [right, left] = [await volume(page, 'right_lung').textContent(), await volume(page, 'left_lung').textContent()];
    await expectSaved(page);
    await screenshot(page, 'preannotation-accepted');

    // One undo step takes both back; redo restores them.
    await page.keyboard.press('Control+z');
    await expect(volume(page, 'right_lung')).not.toHaveText(right!);
    await expect(volume(page, 'left_lung')).not.toHaveText(left!);
    await page.keyboard.press('Control+Shift+z');
    await expect(volume(page, 'right_lung')).toHaveText(right!);
    await expect(volume(page, 'left_lung')).toHaveText(left!);
    await expectSaved(page);

    // Reloaded: the masks are the reader's, and the decided image is not proposed again.
    await page.reload();
    await expect(page.getByTestId('viewer')).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await expect(volume(page, 'right_lung')).toHaveText(right!);
    await expect(pre).toHaveCount(0);

    await page.getByRole('radio', { name: 'Diagnostic' }).click();
    await expectSaved(page);
    const readUrl = page.url();
    await page.getByRole('button', { name: 'Submit and next' }).click();
    await expect(page).not.toHaveURL(readUrl, { timeout: 30_000 });

    // The next chest case: reject (Esc) keeps nothing painted.
    await openChestCase(page, 0);
    await expect(pre).toHaveAttribute('data-state', 'proposal', { timeout: 60_000 });
    await page.keyboard.press('Escape');
    await expect(pre).toHaveCount(0);
    await expect(volume(page, 'right_lung')).toHaveText('0.00 ml');
    await expect(volume(page, 'left_lung')).toHaveText('0.00 ml');
    await expectSaved(page);

    // The PM: pre-annotation is on with its class map, and the submitted read's outcome is counted per model version.
    const pm = await browser.newPage();
    await signInViaApi(pm, PM);
    await pm.goto('/demo-hospital');
    await pm.getByRole('link', { name: 'Chest X-ray lung fields (demo)' }).click();
    await pm.getByRole('link', { name: 'Models' }).click();
    const form = pm.getByRole('form', { name: 'Pre-annotation' });
    await expect(form.getByRole('radio', { name: /Concord chest X-ray lung fields/ })).toBeChecked();
    await expect(form.getByLabel('Label for right lung')).toHaveValue('right_lung');
    await expect(form.getByLabel('Label for left lung')).toHaveValue('left_lung');
    const row = pm.getByRole('table', { name: 'Model assistance' }).getByRole('row', { name: /Concord chest X-ray lung fields/ });
    await expect(row.getByRole('cell').nth(2)).toHaveText('2'); // proposals
    await expect(row.getByRole('cell').nth(3)).toHaveText('2'); // accepted
    await screenshot(pm, 'models-preannotation');

    // Turning it off: the choice is saved.
    const save = form.getByRole('button', { name: 'Save pre-annotation' });
    await form.getByRole('radio', { name: 'Off' }).check();
    await save.click();
    await expect(save).toBeDisabled();
    await pm.reload();
    await expect(form.getByRole('radio', { name: 'Off' })).toBeChecked();
    await form.getByRole('radio', { name: /Concord chest X-ray lung fields/ }).check();
    await expect(form.getByLabel('Label for right lung')).toHaveValue('right_lung');
    await save.click();
    await expect(save).toBeDisabled();
    await expect(form).toContainText('In use');
    await pm.close();
  });
});
