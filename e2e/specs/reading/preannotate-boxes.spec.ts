import fs from 'node:fs';
import path from 'node:path';
import { casesMade, expect, expectSaved, screenshot, signInViaApi, test } from '../../fixtures/test';

const root = path.resolve(import.meta.dirname, '../../..');
const BOXES = path.join(root, 'server/model/__fixtures__/lung-boxes');
const CXR = path.join(root, 'prisma/seed/data/cxr-lungs');

test.describe('[MODEL]: pre-annotation with boxes (a detection model)', () => {
  test('a PM uploads a detection model and maps a class to a box label; the reader gets a box with its score on open, accepts it as a finding, and the PM sees the outcome', async ({ page, browser, seed }) => {
    test.setTimeout(180_000);
    const { callerFor } = await import('../../../server/testing/callers');
    const { ingestAs } = await import('../../../server/testing/dicom');
    const pm = await seed.createUser({ name: 'Bea Manager' });
    const reader = await seed.createUser({ name: 'Ben Reader' });
    const org = await seed.createOrg({ name: 'Box Clinic', members: [{ user: pm, role: 'ADMIN' }, { user: reader, role: 'MEMBER' }] });
    const api = await callerFor(pm);
    const labelSchema = { questions: [], labels: [{ id: 'lung_box', name: 'Lung field', color: '#f59e0b', kind: 'box' as const, attributes: [] }] };
    const { id: projectId } = await api.project.create({ orgSlug: org.slug, name: 'Lung boxes', description: '', modality: 'CR', readersPerCase: 1, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: null, labelSchema });
    const scope = { orgSlug: org.slug, projectId };
    await api.project.setMember({ ...scope, email: reader.email, role: 'READER' });
    await ingestAs(pm, scope, [path.join(CXR, 'MCUCXR_0005_0.dcm')]);
    await casesMade(projectId);
    await api.case.distribute(scope);

    // The PM adds the model on the Models tab and maps its "right lung" class to the box label.
    await signInViaApi(page, pm);
    await page.goto(`/${org.slug}/projects/${projectId}/models`);
    const upload = page.getByRole('form', { name: 'Upload a model' });
    await upload.getByLabel('Model file').setInputFiles(path.join(BOXES, 'model.onnx'));
    await upload.getByLabel('Model config').fill(fs.readFileSync(path.join(BOXES, 'model.json'), 'utf8'));
    await upload.getByRole('button', { name: 'Upload' }).click();
    await expect(upload.getByRole('status')).toHaveText('Added as version 1', { timeout: 30_000 });
    const form = page.getByRole('form', { name: 'Pre-annotation' });
    await form.getByRole('radio', { name: /Lung field boxes \(test\) 0\.1\.0 \(v1\) · boxes/ }).check();
    await expect(form.getByLabel('Label for right lung').getByRole('option')).toHaveText(['— not proposed —', 'Lung field']);
    await form.getByLabel('Label for right lung').selectOption('lung_box');
    await form.getByRole('button', { name: 'Save pre-annotation' }).click();
    await expect(form).toContainText('In use');

    // The reader opens the case: one box with its score, without a click.
    const r = await (await browser.newContext()).newPage();
    await signInViaApi(r, reader);
    await r.goto(`/${org.slug}/worklist`);
    await r.getByRole('link', { name: /^Next case/ }).click();
    await expect(r.getByTestId('viewer')).toHaveAttribute('data-loaded', '1', { timeout: 60_000 });
    const pre = r.getByTestId('preannotation');
    await expect(pre).toHaveAttribute('data-state', 'proposal', { timeout: 60_000 });
    await expect(pre).toContainText(/Lung field box 0\.9\d/);
    await screenshot(r, 'preannotation-box');
    await r.keyboard.press('Enter');
    await expect(pre).toHaveCount(0);
    await expect(r.getByTestId('finding')).toHaveCount(1);
    await expect(r.getByTestId('finding')).toContainText('box');
    await expect(r.getByLabel('Label of finding 1')).toHaveValue('lung_box');
    await expectSaved(r);
    await screenshot(r, 'preannotation-box-accepted');
    const readUrl = r.url();
    await r.getByRole('button', { name: /^Submit/ }).click();
    await expect(r).not.toHaveURL(readUrl, { timeout: 30_000 });

    // The PM: the box was kept as proposed (Dice 1).
    await page.reload();
    const row = page.getByRole('table', { name: 'Model assistance' }).getByRole('row', { name: /Lung field boxes/ });
    await expect(row.getByRole('cell').nth(2)).toHaveText('1');
    await expect(row.getByRole('cell').nth(3)).toHaveText('1');
    await expect(row.getByRole('cell').nth(7)).toHaveText('1.000');
  });
});
