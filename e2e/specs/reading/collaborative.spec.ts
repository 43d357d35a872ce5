import type { Browser } from '@playwright/test';
import { casesMade, expect, screenshot, signInViaApi, test, type SeededUser } from '../../fixtures/test';

async function signedIn(browser: Browser, baseURL: string, user: SeededUser) {
  const page = await (await browser.newContext({ baseURL })).newPage();
  await signInViaApi(page, user);
  return page;
}

test.describe('[COLLABORATIVE]: reading a case together', () => {
  test('a PM makes a project collaborative; two readers see each other and each other’s edits on one case, and one submit completes it for both', async ({ page, browser, seed, baseURL }) => {
    test.setTimeout(180_000);
    const { callerFor } = await import('../../../server/testing/callers');
    const { FIXTURES, filesIn, ingestAs } = await import('../../../server/testing/dicom');
    const { VENTRICLES_SCHEMA } = await import('../../../server/testing/disputed-case');
    const pm = await seed.createUser({ name: 'Tara Manager' });
    const [kim, lou] = await Promise.all(['Kim Reader', 'Lou Reader'].map((name) => seed.createUser({ name })));
    const org = await seed.createOrg({ name: 'Together Clinic', members: [{ user: pm, role: 'ADMIN' }, ...[kim!, lou!].map((user) => ({ user, role: 'MEMBER' as const }))] });
    const api = await callerFor(pm);
    const { id: projectId } = await api.project.create({ orgSlug: org.slug, name: 'Ventricles together', description: '', modality: 'MR', readersPerCase: 2, blinded: true, consensusMethod: 'STAPLE', autoAcceptThreshold: null, labelSchema: VENTRICLES_SCHEMA });
    const scope = { orgSlug: org.slug, projectId };
    for (const r of [kim!, lou!]) await api.project.setMember({ ...scope, email: r.email, role: 'READER' });
    await ingestAs(pm, scope, filesIn(FIXTURES.mrSeries).slice(20, 23));
    await casesMade(projectId);
    await api.case.distribute(scope);

    // The PM switches it on before anyone has begun.
    await signInViaApi(page, pm);
    await page.goto(`/${org.slug}/projects/${projectId}/settings`);
    await page.getByRole('checkbox', { name: /Collaborative/ }).check();
    // The de-identification options sit beside it (defaults: dates shifted, one case per study).
    const deid = page.getByRole('group', { name: 'De-identification' });
    await expect(deid.getByLabel('Dates')).toHaveValue('shift');
    await expect(deid.getByLabel('One case per')).toHaveValue('STUDY');
    await deid.getByRole('checkbox', { name: /Retain device identity/ }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
    await screenshot(page, 'project-settings');
    expect((await api.project.get(scope)).deidentification).toMatchObject({ dates: 'shift', retainDeviceIdentity: true, retainPatientCharacteristics: false });
    await page.goto(`/${org.slug}`);
    await expect(page.getByRole('row', { name: /Ventricles together/ })).toContainText('together');

    const open = async (user: SeededUser) => {
      const p = await signedIn(browser, baseURL!, user);
      await p.goto(`/${org.slug}/worklist`);
      await p.getByRole('link', { name: /^Next case/ }).click();
      await expect(p.getByTestId('viewer')).toHaveAttribute('data-count', '3', { timeout: 60_000 });
      await expect(p.getByRole('status', { name: 'Save status' })).toHaveAttribute('data-status', 'saved');
      return p;
    };
    const k = await open(kim!);
    const l = await open(lou!);
    expect(k.url()).not.toBe(l.url()); // each through their own assignment
    await expect(k.getByRole('note')).toContainText('Lou Reader and you edit this one read together');
    await expect(k.getByRole('group', { name: 'Here now' })).toContainText('Lou Reader');
    await expect(l.getByRole('group', { name: 'Here now' })).toContainText('Kim Reader');

    // Kim answers, Lou sees it; Lou follows Kim through the slices.
    await k.getByRole('radio', { name: 'Yes' }).click();
    await expect(l.getByRole('radio', { name: 'Yes' })).toBeChecked();
    await l.getByRole('group', { name: 'Here now' }).getByRole('button', { name: 'Follow' }).click();
    await k.getByLabel('Image viewport').click();
    await k.keyboard.press('ArrowDown');
    const slice = await k.getByTestId('viewer').getAttribute('data-slice');
    await expect(l.getByTestId('viewer')).toHaveAttribute('data-slice', slice!);
    await screenshot(k, 'collaborative-read');

    // Lou submits for both; Kim's page says so within seconds and stops taking edits.
    await l.getByRole('button', { name: 'Submit for everyone and next' }).click();
    await expect(l).toHaveURL(new RegExp(`/${org.slug}/worklist$`));
    await expect(k.getByText('This read is submitted.')).toBeVisible({ timeout: 15_000 });
    await expect(k.getByRole('radio', { name: 'Yes' })).toBeDisabled();
    const { db } = await import('../../../server/db/client');
    await expect.poll(async () => (await db().read.findMany({ where: { projectId, supersededAt: null }, select: { readerId: true } })).map((r) => r.readerId)).toEqual([lou!.id]);
    await expect.poll(async () => (await db().case.findFirstOrThrow({ where: { projectId } })).status, { timeout: 30_000 }).toBe('DONE');
  });
});
