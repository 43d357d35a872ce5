import { expect, screenshot, signInViaApi, test } from '../../fixtures/test';

test.describe('[GOLD]: gold-standard cases', () => {
  test('a PM marks a case gold with its known answers, distributes, and sees each reader’s accuracy', async ({ page, seed }) => {
    const { callerFor } = await import('../../../server/testing/callers');
    const { LUNG_SCHEMA } = await import('../../../server/testing/project-world');
    const pm = await seed.createUser({ name: 'Gia Manager' });
    const readers = await Promise.all(['Rui Reader', 'Ria Reader'].map((name) => seed.createUser({ name })));
    const org = await seed.createOrg({ name: 'Gold Hospital', members: [{ user: pm, role: 'ADMIN' }, ...readers.map((user) => ({ user, role: 'MEMBER' as const }))] });
    const api = await callerFor(pm);
    const { id: projectId } = await api.project.create({ orgSlug: org.slug, name: 'Gold check', description: '', modality: 'CT', readersPerCase: 1, blinded: true, consensusMethod: 'MAJORITY', autoAcceptThreshold: 0.8, goldRate: 0.5, labelSchema: LUNG_SCHEMA });
    const scope = { orgSlug: org.slug, projectId };
    for (const r of readers) await api.project.setMember({ ...scope, email: r.email, role: 'READER' });
    for (const label of ['Chest A', 'Chest B', 'QC 1']) await api.case.create({ ...scope, label, priority: 0 });

    await signInViaApi(page, pm);
    await page.goto(`/${org.slug}/projects/${projectId}`);
    await page.getByRole('button', { name: 'Gold standard: QC 1' }).click();
    const form = page.getByRole('form', { name: 'Known answers of QC 1' });
    await form.getByLabel('Nodule present?').selectOption('yes');
    await form.getByLabel('Malignancy').selectOption('m3');
    await form.getByRole('button', { name: 'Save as gold standard' }).click();
    const row = page.getByRole('row', { name: /QC 1/ });
    await expect(row).toContainText('gold standard');

    await page.getByRole('button', { name: 'Distribute' }).click();
    await expect(page.getByRole('status')).toContainText('Assigned 4 reads');
    await expect(row.getByText(/Reader ·/)).toHaveCount(2);
    await screenshot(page, 'gold-cases');

    // One reader matches the known answers, the other gets the malignancy wrong.
    for (const [i, r] of readers.entries()) {
      const ra = await callerFor(r);
      const item = (await ra.assignment.worklist({ orgSlug: org.slug, limit: 10 })).items.find((a) => a.caseLabel === 'QC 1')!;
      await ra.assignment.submit({ orgSlug: org.slug, assignmentId: item.assignmentId, answers: { nodule_present: 'yes', malignancy: i === 0 ? 'm3' : 'm5' } });
    }
    await page.getByRole('link', { name: 'Progress' }).click();
    const table = page.getByRole('table', { name: 'Accuracy on gold-standard cases' });
    await expect(table.getByRole('row', { name: /Rui Reader/ })).toContainText('100 %');
    await expect(table.getByRole('row', { name: /Ria Reader/ })).toContainText('50 %');
    await screenshot(page, 'gold-accuracy');
  });
});
