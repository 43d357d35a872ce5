import fs from 'node:fs';
import { expect, newImagingProject, screenshot, signInViaApi, test } from '../../fixtures/test';

test.describe('[INGEST]: re-identification', () => {
  test('in a project that keeps original identifiers, an org admin reveals a study’s patient on the Studies tab; the view is audited; a project manager has no such button', async ({ page, seed }) => {
    test.setTimeout(120_000);
    const { db } = await import('../../../server/db/client');
    const { DEFAULT_DEID_OPTIONS } = await import('../../../server/contracts/project');
    const { FIXTURES, filesIn } = await import('../../../server/testing/dicom');
    const files = filesIn(FIXTURES.mrSeries).slice(84, 86).map((f) => ({ name: f, bytes: fs.readFileSync(f) }));
    const { org, pm: admin, projectId } = await newImagingProject(seed, { name: 'Re-identifiable', modality: 'MR', files, deidentification: { ...DEFAULT_DEID_OPTIONS, reidentification: true } });

    await signInViaApi(page, admin);
    await page.goto(`/${org.slug}/projects/${projectId}/studies`);
    const studies = page.getByRole('table', { name: 'Studies' });
    await expect(studies).toContainText(/P-[0-9A-F]{10}/);
    await expect(studies).not.toContainText('Rorden');
    await studies.getByRole('button', { name: 'Re-identify' }).click();
    const note = page.getByRole('note', { name: 'Original identifiers' });
    await expect(note).toContainText('Upgrade Test^Rorden');
    await expect(note).toContainText('ID Rorden Lab');
    await screenshot(page, 'studies-reidentified');
    expect(await db().auditEvent.count({ where: { orgId: org.id, action: 'study.reidentified', actorId: admin.id } })).toBe(1);

    // A project manager who is not an org admin sees the pseudonyms only.
    const manager = await seed.createUser({ name: 'Mia Manager' });
    await db().membership.create({ data: { orgId: org.id, userId: manager.id, role: 'MEMBER' } });
    const { callerFor } = await import('../../../server/testing/callers');
    await (await callerFor(admin)).project.setMember({ orgSlug: org.slug, projectId, email: manager.email, role: 'MANAGER' });
    await page.context().clearCookies();
    await signInViaApi(page, manager);
    await page.goto(`/${org.slug}/projects/${projectId}/studies`);
    await expect(studies).toContainText(/P-[0-9A-F]{10}/);
    await expect(studies.getByRole('button', { name: 'Re-identify' })).toHaveCount(0);
  });
});
