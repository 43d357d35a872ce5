import fs from 'node:fs';
import { expect, expectSaved, screenshot, signInViaApi, test } from '../../fixtures/test';

// The test classifier (ml/slice-classifier) tells ultrasound from radiographs; attached here with its classes renamed
// to the options of the demo's "Image quality" question, so a radiograph is answered "Diagnostic".
test('[MODEL]: a PM attaches a classifier to a question; a reader sees its answer for the image on screen and takes it', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signInViaApi(page, { email: 'pm@demo-hospital.example', password: 'concord-demo-2026' });
  await page.goto('/demo-hospital');
  await page.getByRole('link', { name: 'Chest X-ray lung fields (demo)' }).click();
  await page.getByRole('link', { name: 'Models' }).click();
  const config = JSON.parse(fs.readFileSync('server/model/__fixtures__/classifier/model.json', 'utf8')) as Record<string, unknown>;
  const form = page.getByRole('form', { name: 'Upload a model' });
  await form.getByLabel('Model file').setInputFiles('server/model/__fixtures__/classifier/model.onnx');
  await form.getByLabel('Model config').fill(JSON.stringify({ ...config, output: { name: 'probabilities', kind: 'probabilities', classes: ['limited', 'diagnostic'] } }));
  await form.getByLabel('Question it answers').selectOption({ label: 'Image quality' });
  await form.getByRole('button', { name: 'Upload' }).click();
  await expect(form.getByRole('status')).toContainText('Added as version');
  await page.getByRole('radio', { name: /Modality check/ }).click();
  await expect(page.getByRole('radio', { name: /Modality check/ })).toBeChecked();
  const reader = await browser.newPage();
  await signInViaApi(reader, { email: 'reader3@demo-hospital.example', password: 'concord-demo-2026' });
  await reader.goto('/demo-hospital/worklist');
  await reader.getByRole('row', { name: /Chest X-ray lung fields/ }).getByRole('link').first().click();
  const s = reader.getByTestId('answer-suggestion');
  await expect(s).toBeVisible({ timeout: 60_000 });
  await expect(s).toContainText('Modality check 0.1.0');
  await expect(s).toContainText('Image quality → Diagnostic');
  await expect(reader.getByRole('radio', { name: 'Diagnostic' })).not.toBeChecked();
  await s.getByRole('button', { name: 'Use' }).click();
  await expect(s).toContainText('(your answer)');
  await expect(reader.getByRole('radio', { name: 'Diagnostic' })).toBeChecked();
  await screenshot(reader, 'suggested-answer');

  // Submitted with the suggestion kept: the PM sees the classifier's suggestions taken.
  await expectSaved(reader);
  const readUrl = reader.url();
  await reader.getByRole('button', { name: 'Submit and next' }).click();
  await expect(reader).not.toHaveURL(readUrl, { timeout: 30_000 });
  await reader.close();
  await page.reload();
  const row = page.getByRole('table', { name: 'Model assistance' }).getByRole('row', { name: /Modality check/ });
  await expect(row.getByRole('cell').nth(2)).toHaveText('1'); // proposals
  await expect(row.getByRole('cell').nth(3)).toHaveText('1'); // accepted
  await expect(row.getByRole('cell').nth(7)).toHaveText('1.000');
  await expect(row.getByRole('cell').nth(9)).toHaveText('classify 1/1');
});
