import fs from 'node:fs';
import path from 'node:path';
import { expect, screenshot, signInViaApi, test } from '../../fixtures/test';

const PM = { email: 'pm@demo-hospital.example', password: 'concord-demo-2026' };
const READER = { email: 'reader2@demo-hospital.example', password: 'concord-demo-2026' };
const shipped = path.resolve(import.meta.dirname, '../../../public/models/click-seg');

test.describe('[MODEL]: bring your own model', () => {
  test('a PM uploads a model with its config, a broken upload is refused with the reason, the PM selects it, and readers get it', async ({ page, browser }) => {
    test.setTimeout(180_000);
    await signInViaApi(page, PM);
    await page.goto('/demo-hospital');
    await page.getByRole('link', { name: 'Chest X-ray lung fields (demo)' }).click();
    await page.getByRole('link', { name: 'Models' }).click();
    await expect(page.getByRole('radio', { name: /Concord click segmentation .* \(shipped with Concord\)/ })).toBeChecked();

    // A config that does not fit the file: refused, nothing added.
    const config = JSON.parse(fs.readFileSync(path.join(shipped, 'model.json'), 'utf8')) as { name: string; version: string; input: Record<string, unknown> };
    const form = page.getByRole('form', { name: 'Upload a model' });
    await form.getByLabel('Model file').setInputFiles(path.join(shipped, 'model.onnx'));
    await form.getByLabel('Model config').fill(JSON.stringify({ ...config, input: { ...config.input, width: 64, height: 64 } }));
    await form.getByRole('button', { name: 'Upload' }).click();
    await expect(form.getByRole('alert')).toContainText('does not match its config: input "input" has shape [batch, 3, 96, 96]; the config implies [N, 3, 64, 64]');
    await expect(page.getByRole('table', { name: 'Uploaded models' })).toHaveCount(0);

    // The right config: added as version 1, then chosen for the project.
    await form.getByLabel('Model config').fill(JSON.stringify({ ...config, name: 'Our lung model', version: '2.1' }, null, 1));
    await form.getByRole('button', { name: 'Upload' }).click();
    await expect(form.getByRole('status')).toHaveText('Added as version 1');
    await expect(page.getByRole('table', { name: 'Uploaded models' })).toContainText('Our lung model 2.1');
    await page.getByRole('radio', { name: 'Our lung model 2.1 (v1)' }).click();
    await expect(page.getByRole('radio', { name: 'Our lung model 2.1 (v1)' })).toBeChecked();
    await screenshot(page, 'models-panel');

    // A reader's suggest tool now runs the project's model, downloaded through the authenticated route.
    const reader = await browser.newPage();
    await signInViaApi(reader, READER);
    await reader.goto('/demo-hospital/worklist');
    await reader.getByRole('row', { name: /Chest X-ray lung fields/ }).getByRole('link').first().click();
    await expect(reader.getByTestId('viewer')).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await reader.keyboard.press('s');
    const suggest = reader.getByTestId('suggest');
    await expect(suggest).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await expect(suggest).toContainText('Our lung model 2.1 (v1)');
    const box = (await reader.getByLabel('Image viewport').boundingBox())!;
    const side = Math.min(box.width, box.height);
    await reader.mouse.click(box.x + box.width / 2 - 0.2 * side, box.y + box.height / 2 - 0.05 * side);
    await expect(suggest).toHaveAttribute('data-state', 'proposal', { timeout: 30_000 });
    await reader.close();

    // Back to the shipped model.
    await page.getByRole('radio', { name: /Concord click segmentation/ }).click();
    await expect(page.getByRole('radio', { name: /Concord click segmentation/ })).toBeChecked();
  });
});
