import { decodePng } from '../../../server/imaging/png';
import { expect, expectSaved, readNewMrCase, screenshot, storedDoc, test } from '../../fixtures/test';

const SCHEMA = { questions: [], labels: [{ id: 'lesion', name: 'Lesion outline', color: '#ec4899', kind: 'contour', attributes: [] }] };

test.describe('[READING]: spline contours', () => {
  test('a reader outlines a structure with a spline (click points, close on the first); its area is kept, and after a reload the spline is there with its control points', async ({ page, seed }) => {
    test.setTimeout(120_000);
    const { projectId } = await readNewMrCase(page, seed, { name: 'Splines', slices: [88, 92], labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '4', { timeout: 60_000 });

    await page.getByLabel('Image viewport').focus();
    await page.keyboard.press('c');
    await expect(page.getByRole('button', { name: 'Spline', exact: true })).toHaveAttribute('aria-pressed', 'true');
    const box = (await page.getByLabel('Image viewport').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    // Five control points around the centre, then the first again to close the curve.
    const pts = [0, 1, 2, 3, 4].map((k) => [cx + 60 * Math.cos((2 * Math.PI * k) / 5), cy + 60 * Math.sin((2 * Math.PI * k) / 5)] as const);
    for (const [x, y] of [...pts, pts[0]!]) {
      await page.mouse.click(x, y);
      await page.waitForTimeout(100);
    }
    const finding = page.getByTestId('finding');
    await expect(finding).toHaveCount(1);
    await expect(page.getByTestId('finding-values')).toContainText(/area [\d.]+ mm²/);
    await expectSaved(page);
    await screenshot(page, 'reading-spline');
    // Drawn in the label's colour (#ec4899), not cornerstone's default: a control point's handle is pink.
    const [hx, hy] = pts[2]!;
    const handle = decodePng(await page.screenshot({ clip: { x: hx - 6, y: hy - 6, width: 13, height: 13 } }));
    let pink = 0;
    for (let i = 0; i < handle.data.length; i += handle.channels) if (handle.data[i]! > 180 && handle.data[i + 1]! < 130 && handle.data[i + 2]! > 100) pink++;
    expect(pink).toBeGreaterThan(3);

    // The document keeps the curve as the outline (many points) and the five control points the reader placed.
    const [stored] = (await storedDoc(projectId)).findings;
    expect(stored).toMatchObject({ tool: 'spline', labelId: 'lesion' });
    expect(stored!.controlPoints).toHaveLength(5);
    expect(stored!.points.length).toBeGreaterThan(20);
    const values = await page.getByTestId('finding-values').textContent();

    await page.reload();
    await expect(viewer).toHaveAttribute('data-loaded', '4', { timeout: 60_000 });
    await expect(finding).toHaveCount(1);
    await expect(page.getByTestId('finding-values')).toHaveText(values!);
  });
});
