import { db } from '../../../server/db/client';
import { expect, expectSaved, readNewMrCase, screenshot, test } from '../../fixtures/test';

const SCHEMA = {
  questions: [],
  labels: [
    {
      id: 'ventricles',
      name: 'Lateral ventricles',
      color: '#3b82f6',
      kind: 'segmentation',
      attributes: [{ id: 'shape', type: 'single', text: 'Shape', required: true, help: '', options: [{ id: 'normal', label: 'Normal' }, { id: 'enlarged', label: 'Enlarged' }] }],
    },
  ],
};

test.describe('[READING]: per-finding questions of a segmentation label', () => {
  test('a painted segment asks its label\'s questions; submit waits for the answer, which is stored with the mask', async ({ page, seed }) => {
    test.setTimeout(120_000);
    const world = await readNewMrCase(page, seed, { name: 'Segment questions', slices: [88, 92], labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await expect(page.getByTestId('segment')).toHaveCount(0);

    await page.getByRole('button', { name: 'Brush', exact: true }).click();
    const box = (await page.getByLabel('Image viewport').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx - 20, cy);
    await page.mouse.down();
    await page.mouse.move(cx + 20, cy, { steps: 6 });
    await page.mouse.up();
    const segment = page.getByTestId('segment');
    await expect(segment).toHaveCount(1, { timeout: 10_000 });
    await expect(segment).toContainText('Segment Lateral ventricles');

    await page.getByRole('button', { name: 'Submit and next' }).click();
    await expect(page.getByText('Segment “Lateral ventricles”: “Shape” needs an answer')).toBeVisible();
    await segment.getByLabel('Enlarged').check();
    await expect(page.getByText('needs an answer')).toHaveCount(0);
    await expectSaved(page);
    await screenshot(page, 'reading-segment-questions');

    await page.getByRole('button', { name: 'Submit and next' }).click();
    await expect(page).toHaveURL(/\/worklist/, { timeout: 30_000 });
    const masks = await db().mask.findMany({ where: { read: { projectId: world.projectId } }, select: { labelId: true, attributes: true, voxelCount: true } });
    expect(masks).toHaveLength(1);
    expect(masks[0]).toMatchObject({ labelId: 'ventricles', attributes: { shape: 'enlarged' } });
    expect(masks[0]!.voxelCount).toBeGreaterThan(0);
  });
});
