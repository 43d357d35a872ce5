import { pixelAt, syntheticCtSeries } from '../../../server/testing/dicom';
import { drag, expect, expectSaved, readNewCase, screenshot, storedDoc, test } from '../../fixtures/test';

const SCHEMA = {
  questions: [],
  labels: [
    { id: 'size', name: 'Size', color: '#f59e0b', kind: 'measurement', attributes: [] },
    { id: 'mark', name: 'Landmark', color: '#22c55e', kind: 'point', attributes: [] },
  ],
};

test.describe('[READING]: values of a CT in Hounsfield units', () => {
  test('a point reports the HU of the pixel under it (the file’s stored value rescaled), an ellipse ROI its mean and SD in HU', async ({ page, seed }) => {
    test.setTimeout(120_000);
    const files = syntheticCtSeries(3);
    const { projectId } = await readNewCase(page, seed, { name: 'CT values', modality: 'CT', files, labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '3', { timeout: 60_000 });
    // The middle image: not the stack's first, where cornerstone's own probe read the right slice anyway.
    await expect(viewer).toHaveAttribute('data-slice', '1');
    const frame = (await page.getByLabel('Image viewport').boundingBox())!;
    const tools = page.getByRole('toolbar', { name: 'Annotation tools' });

    await page.getByLabel('Active label').selectOption({ label: 'Landmark (point)' });
    await tools.getByRole('button', { name: 'Point', exact: true }).click();
    await page.mouse.click(frame.x + frame.width * 0.45, frame.y + frame.height * 0.55);
    await expect(page.getByTestId('finding-values')).toHaveText(/^value -?[\d.]+ HU$/);
    await expectSaved(page);
    const point = (await storedDoc(projectId)).findings.find((f) => f.tool === 'point')!;
    const under = files.map((f) => pixelAt(f.bytes, point.points[0]!)).filter((p) => Math.abs(p.distance) < 0.01);
    expect(under).toHaveLength(1);
    expect(point.values).toEqual([{ name: 'value', value: under[0]!.value, unit: 'HU' }]);

    await page.getByLabel('Active label').selectOption({ label: 'Size (measurement)' });
    await tools.getByRole('button', { name: 'Ellipse ROI', exact: true }).click();
    const [cx, cy] = [frame.x + frame.width * 0.5, frame.y + frame.height * 0.4];
    await drag(page, [cx - 30, cy - 20], [cx + 30, cy + 20]);
    const ellipse = page.getByTestId('finding').filter({ has: page.getByRole('strong').filter({ hasText: /ellipseRoi$/ }) }).getByTestId('finding-values');
    await expect(ellipse).toHaveText(/^area [\d.]+ mm² · mean -?[\d.]+ HU · sd [\d.]+ HU$/);
    await expectSaved(page);
    const stored = (await storedDoc(projectId)).findings.find((f) => f.tool === 'ellipseRoi')!;
    // CT numbers: the image's stored values run from -2000 to 2402, rescaled by -1024.
    const mean = stored.values.find((v) => v.name === 'mean')!;
    expect(mean.value).toBeGreaterThanOrEqual(-3024);
    expect(mean.value).toBeLessThanOrEqual(1378);
    await screenshot(page, 'reading-ct-values');
  });
});
