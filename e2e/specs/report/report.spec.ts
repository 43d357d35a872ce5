import { expect, screenshot, signInViaApi, test } from '../../fixtures/test';

const PM = { email: 'pm@demo-hospital.example', password: 'concord-demo-2026' };
const READER = { email: 'reader2@demo-hospital.example', password: 'concord-demo-2026' };

test.describe('[AGREEMENT]: the project report', () => {
  test('a PM sees the demo project’s agreement, opens a disputed case, and downloads the CSV', async ({ page }) => {
    await signInViaApi(page, PM);
    await page.goto('/demo-hospital');
    await page.getByRole('link', { name: 'Lung nodule screening (demo)' }).click();
    // The case list links a decided case to its agreement.
    await page.getByRole('link', { name: 'Agreement of Chest CT 008' }).click();
    await expect(page).toHaveURL(/\/report\?case=\w+$/);
    await expect(page.getByText('8 cases compared')).toBeVisible();
    await expect(page.getByText('5 accepted')).toBeVisible();
    await expect(page.getByText('3 to a lead')).toBeVisible();

    const questions = page.getByRole('table', { name: 'Agreement per question' });
    await expect(questions).toContainText('Is a nodule present?');
    await expect(questions).toContainText(/Fleiss’ κ: 0\.\d{3} \[/);
    await expect(questions).toContainText('Krippendorff’s α (ordinal)');

    const disputed = page.getByLabel('Agreement of Chest CT 008');
    await expect(disputed).toContainText('Agreement 0.33 on “Is a nodule present?” is below the threshold 0.7');
    await expect(disputed).toContainText('Rita Reader: Yes · Ravi Reader: No · Rosa Reader: Yes');
    await expect(disputed).toContainText('Candidate consensus: Is a nodule present?: Yes · Malignancy (most suspicious nodule): 3 · Image quality: Diagnostic');

    await expect(page.getByRole('img', { name: /Reader-pair heat map: Is a nodule present\? — Cohen’s κ/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Agreement per reader' })).toContainText('Rosa Reader');
    await screenshot(page, 'agreement-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^agreement-\w+-engine1\.csv$/);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    expect(csv.split('\n')[0]).toBe('case,status,decision,case_score,item_kind,item_id,item,series_uid,agreement,consensus,note');
    expect(csv).toContain('Chest CT 008,IN_ADJUDICATION,ADJUDICATE,0.3333333333,question,nodule_present,Is a nodule present?,,0.3333333333,yes,');

    // Collapsing the case removes its details.
    await page.getByRole('button', { name: /Chest CT 008/ }).click();
    await expect(page.getByLabel('Agreement of Chest CT 008')).toHaveCount(0);
  });

  test('a lead works from the adjudication queue: disputed cases first, filtered by question', async ({ page }) => {
    await signInViaApi(page, { email: 'lead@demo-hospital.example', password: PM.password });
    await page.goto('/demo-hospital');
    await page.getByRole('link', { name: 'Lung nodule screening (demo)' }).click();
    await expect(page.getByRole('status')).toContainText('3 cases wait for a lead');
    await page.getByRole('link', { name: 'open the adjudication queue' }).click();
    const queue = page.getByRole('table', { name: 'Adjudication queue' });
    await expect(queue.getByRole('row')).toHaveCount(4);
    await expect(page.getByText('3 cases to adjudicate')).toBeVisible();
    await screenshot(page, 'adjudication-queue');
    await page.getByLabel('Disputed on').selectOption({ label: 'Image quality (1)' });
    await expect(queue.getByRole('row')).toHaveCount(2);
    await expect(queue).toContainText('Chest CT 006');
    await queue.getByRole('link', { name: 'Chest CT 006', exact: true }).click();
    await expect(page.getByLabel('Agreement of Chest CT 006')).toContainText('Image quality');

    // The lead takes Ravi's "Limited" over the majority's "Diagnostic" and finalizes.
    const form = page.getByRole('form', { name: 'Decide Chest CT 006' });
    await expect(form.getByLabel('Image quality')).toHaveValue('consensus');
    await form.getByLabel('Image quality').selectOption({ label: 'Ravi Reader: Limited' });
    await form.getByLabel('Reason (kept in the adjudication record)').fill('Motion artefact in the lower lobes');
    await screenshot(page, 'adjudication-decide');
    await form.getByRole('button', { name: 'Finalize' }).click();
    await expect(form.getByRole('status')).toHaveText('Decided: version 1. The case is done.');
    const history = page.getByRole('table', { name: 'Decisions on Chest CT 006' });
    await expect(history).toContainText('Leo Lead');
    await expect(history).toContainText('Limited');
    await expect(history).toContainText('Motion artefact in the lower lobes');
    await page.getByRole('link', { name: 'Adjudication' }).click();
    await expect(page.getByText('2 cases to adjudicate')).toBeVisible();
  });

  test('a reader has no Agreement tab and the page refuses them', async ({ page }) => {
    await signInViaApi(page, READER);
    await page.goto('/demo-hospital');
    await page.getByRole('link', { name: 'Lung nodule screening (demo)' }).click();
    await expect(page.getByRole('navigation', { name: 'Project sections' })).not.toContainText('Agreement');
    await page.goto(`${new URL(page.url()).pathname}/report`);
    await expect(page.getByRole('heading', { name: 'Reports are for the project’s managers and leads' })).toBeVisible();
  });
});
