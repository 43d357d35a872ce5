import { db } from '../../../server/db/client';
import { expect, expectSaved, screenshot, signInViaApi, test } from '../../fixtures/test';

test.describe('[WORKSPACE]: a project from invitation to submitted reads', () => {
  test('PM invites a reader, builds a project, distributes; readers see their own cases; lead and PM see progress', async ({ page, browser, seed, baseURL }) => {
    const pm = await seed.createUser({ name: 'Pat Manager' });
    const reader1 = await seed.createUser({ name: 'Rae Reader' });
    const lead = await seed.createUser({ name: 'Lee Lead' });
    const org = await seed.createOrg({ name: 'E2E Hospital', members: [{ user: pm, role: 'ADMIN' }, { user: reader1, role: 'MEMBER' }, { user: lead, role: 'MEMBER' }] });

    // The PM creates the project and edits its label schema.
    await signInViaApi(page, pm);
    await page.goto(`/${org.slug}`);
    await expect(page.getByText('No projects yet')).toBeVisible();
    await page.getByRole('link', { name: 'New project' }).click();
    await page.getByLabel('Name').fill('Lung nodules');
    await page.getByLabel('Modality').fill('CT');
    await page.getByLabel('Readers per case').fill('1');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(page).toHaveURL(/\/projects\/\w+\/schema$/);
    const projectUrl = page.url().replace(/\/schema$/, '');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Question text').last().fill('Malignancy');
    await page.getByLabel('Question type').last().selectOption('ordinal');
    await page.getByRole('button', { name: 'Add label' }).click();
    await page.getByLabel('Label name').fill('Nodule');
    await page.getByRole('button', { name: 'Save schema' }).click();
    await expect(page.getByRole('status')).toHaveText(/Saved as version 2/);
    await expect(page.getByRole('complementary', { name: 'Preview' })).toContainText('Malignancy');
    await screenshot(page, 'schema-editor');

    // Members: an existing member as reader, one as lead, and an invitation for a new reader.
    await page.getByRole('link', { name: 'Readers & leads' }).click();
    await page.getByLabel('Organization member’s email').fill(reader1.email);
    await page.getByRole('button', { name: 'Add to project' }).click();
    await expect(page.getByRole('table', { name: 'Project members' })).toContainText('Rae Reader');
    await page.getByLabel('Organization member’s email').fill(lead.email);
    await page.getByLabel('Role', { exact: true }).selectOption('LEAD');
    await page.getByRole('button', { name: 'Add to project' }).click();
    await expect(page.getByRole('table', { name: 'Project members' })).toContainText('Lee Lead');
    const newReaderEmail = `invited-${Date.now()}@example.test`;
    await page.getByLabel('Email', { exact: true }).fill(newReaderEmail);
    await page.getByRole('button', { name: 'Create invite link' }).click();
    const link = await page.getByLabel('Invite link').inputValue();
    expect(link).toMatch(/\/invite\/[\w-]{43}$/);
    await screenshot(page, 'project-members');

    // The invitee opens the link in their own browser, creates an account and accepts.
    const invitee = await browser.newContext({ baseURL });
    const ip = await invitee.newPage();
    await ip.goto(link.replace(/^https?:\/\/[^/]+/, ''));
    await expect(ip.getByRole('heading', { name: 'Join E2E Hospital' })).toBeVisible();
    await screenshot(ip, 'invite');
    await ip.getByRole('link', { name: 'Create an account' }).click();
    await expect(ip.getByLabel('Email')).toHaveValue(newReaderEmail);
    await ip.getByLabel('Name').fill('Ivy Invited');
    await ip.getByLabel('Password').fill('invited reader passphrase');
    await ip.getByRole('button', { name: 'Create account' }).click();
    await expect(ip).toHaveURL(/\/invite\//);
    await ip.getByRole('button', { name: /Accept as/ }).click();
    await expect(ip).toHaveURL(new RegExp(`/${org.slug}$`));

    // The PM adds cases and distributes: one reader per case, two readers.
    await page.goto(projectUrl);
    for (const label of ['Case A', 'Case B', 'Case C', 'Case D']) {
      await page.getByLabel('Case label').fill(label);
      await page.getByRole('button', { name: 'Add case' }).click();
      await expect(page.getByRole('table', { name: 'Cases' })).toContainText(label);
    }
    await page.getByRole('button', { name: 'Distribute' }).click();
    await expect(page.getByRole('status')).toHaveText('Assigned 4 reads.');
    await screenshot(page, 'project-cases');
    const ivyRows = page.getByRole('table', { name: 'Cases' }).locator('tbody tr').filter({ has: page.locator('.chip', { hasText: /^Ivy Invited/ }) });
    await expect(ivyRows).toHaveCount(2);
    // The case list's first column is the image's thumbnail; the label is in the second.
    const ivyCases = (await ivyRows.locator('td:nth-child(2)').allInnerTexts()).sort();

    // The reader sees exactly their cases, opens the next one and submits.
    await ip.getByRole('link', { name: 'My worklist' }).click();
    const rows = ip.getByRole('table', { name: 'Worklist' }).locator('tbody tr');
    await expect(rows).toHaveCount(2);
    expect((await rows.locator('td:first-child').allInnerTexts()).sort()).toEqual(ivyCases);
    await screenshot(ip, 'worklist');
    await ip.getByRole('link', { name: /^Next case/ }).click();
    await expect(ip.getByRole('complementary', { name: 'Reading' })).toContainText('Is a nodule present?');
    await expectSaved(ip);
    await ip.getByRole('button', { name: 'Submit and next' }).click();
    await expect(ip.locator('.alert[role=alert]')).toContainText('“Is a nodule present?” needs an answer');
    await ip.getByLabel('Yes').click();
    await expect(ip.getByLabel('Yes')).toBeChecked();
    await expectSaved(ip);
    await screenshot(ip, 'read-case');
    const firstUrl = ip.url();
    // Time spent is the viewer's count of the reader's active time, kept across leaving the page,
    // not the wall clock since she started (here made two hours long).
    const assignmentId = firstUrl.split('/').pop()!;
    await ip.getByRole('link', { name: 'My worklist' }).click();
    await expect(rows).toHaveCount(2);
    await ip.evaluate((id) => localStorage.setItem(`concord:active:${id}`, '420000'), assignmentId);
    await db().assignment.update({ where: { id: assignmentId }, data: { startedAt: new Date(Date.now() - 2 * 3600_000) } });
    await ip.goto(firstUrl);
    await expect(ip.getByLabel('Yes')).toBeChecked();
    await ip.getByRole('button', { name: 'Submit and next' }).click();
    await expect(ip).not.toHaveURL(firstUrl);
    const spent = (await db().assignment.findUniqueOrThrow({ where: { id: assignmentId } })).timeSpentMs;
    expect(spent).toBeGreaterThanOrEqual(420_000);
    expect(spent).toBeLessThan(420_000 + 120_000);
    expect(await ip.evaluate((id) => localStorage.getItem(`concord:active:${id}`), assignmentId)).toBeNull();
    await expect(ip.getByRole('heading', { level: 1 })).toHaveText(/Case [A-D]/);
    await invitee.close();

    // The lead and the PM see progress.
    const leadCtx = await browser.newContext({ baseURL });
    const lp = await leadCtx.newPage();
    await signInViaApi(lp, lead);
    await lp.goto(`${projectUrl.replace(/^https?:\/\/[^/]+/, '')}/progress`);
    await expect(lp.getByRole('progressbar', { name: 'Reads submitted' })).toHaveAttribute('aria-valuenow', '25');
    await expect(lp.getByRole('table', { name: 'Progress per reader' })).toContainText('Ivy Invited');
    await screenshot(lp, 'progress');
    await leadCtx.close();
    await page.getByRole('link', { name: 'Progress' }).click();
    await expect(page.getByRole('progressbar', { name: 'Reads submitted' })).toHaveAttribute('aria-valuenow', '25');
  });

  test('the demo reader opens "next case" from the home page', async ({ page }) => {
    await signInViaApi(page, { email: 'reader1@demo-hospital.example', password: 'concord-demo-2026' });
    await page.goto('/demo-hospital');
    await expect(page.getByRole('table', { name: 'Project list' })).toContainText('Lung nodule screening (demo)');
    await screenshot(page, 'reader-home');
    await page.getByRole('link', { name: 'Open next case' }).click();
    await expect(page).toHaveURL(/\/demo-hospital\/read\/\w+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Chest CT 00[12]/);
  });
});
