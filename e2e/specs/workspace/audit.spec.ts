import { expect, screenshot, signInViaApi, test } from '../../fixtures/test';

const OWNER = { email: 'owner@demo-hospital.example', password: 'concord-demo-2026' };

test.describe('[AUDIT]: the audit trail', () => {
  test('an owner browses and filters the audit trail and exports the same filter as CSV', async ({ page }) => {
    await signInViaApi(page, OWNER);
    await page.goto('/demo-hospital');
    await page.getByRole('link', { name: 'Audit trail' }).click();
    const table = page.getByRole('table', { name: 'Audit trail' });
    await expect(table).toContainText('project.created');
    await page.getByLabel('Action').selectOption('case.agreement_computed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(table.getByRole('row').nth(1)).toContainText('case.agreement_computed');
    await expect(table).not.toContainText('project.created');
    await expect(table).toContainText('system');
    await expect(page.getByLabel('Action')).toHaveValue('case.agreement_computed');
    await screenshot(page, 'audit-trail');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString('utf8'));
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('id,time,actor,action,target_type,target_id,ip,data');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.split(',')[3] === 'case.agreement_computed')).toBe(true);
  });

  test('a project manager has no audit trail', async ({ page }) => {
    await signInViaApi(page, { email: 'pm@demo-hospital.example', password: OWNER.password });
    await page.goto('/demo-hospital/audit');
    await expect(page.getByRole('heading', { name: 'The audit trail is for the organization’s owners and admins' })).toBeVisible();
    expect((await page.request.get('/api/orgs/demo-hospital/audit.csv')).status()).toBe(403);
  });
});
