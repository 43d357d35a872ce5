import type { Page } from '@playwright/test';
import { expect, expectSaved, readNewMrCase, screenshot, storedDoc, test } from '../../fixtures/test';

const SCHEMA = { questions: [], labels: [{ id: 'ventricles', name: 'Lateral ventricles', color: '#3b82f6', kind: 'segmentation', attributes: [] }] };

async function stroke(page: Page, y: number, half: number) {
  const box = (await page.getByLabel('Image viewport').boundingBox())!;
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2 + y];
  await page.mouse.move(cx - half, cy);
  await page.mouse.down();
  await page.mouse.move(cx, cy, { steps: 4 });
  await page.mouse.move(cx + half, cy, { steps: 4 });
  await page.mouse.up();
}

test.describe('[READING]: interpolation between slices', () => {
  test('a reader paints a segment on two slices four apart; Interpolate fills the three between in one undo step', async ({ page, seed }) => {
    test.setTimeout(120_000);
    await readNewMrCase(page, seed, { name: 'Interpolation', slices: [84, 96], labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    const volume = page.getByTestId('segment-volume-ventricles');
    const ml = async () => Number((await volume.textContent())!.replace(' ml', ''));

    // A short stroke on one slice, a wider one four slices on.
    await page.getByRole('button', { name: 'Brush', exact: true }).click();
    const start = Number(await viewer.getAttribute('data-slice'));
    await stroke(page, 0, 10);
    await expect(volume).not.toHaveText('0.00 ml');
    await page.waitForTimeout(500); // strokes are taken from the labelmap once the brush pauses
    await page.getByLabel('Image viewport').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowDown');
    await expect(viewer).toHaveAttribute('data-slice', String(start + 4));
    await stroke(page, 0, 40);
    await page.waitForTimeout(500);
    await expectSaved(page);
    const painted = await ml();

    await page.getByRole('button', { name: 'Interpolate Lateral ventricles' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'filled' })).toHaveText('3 slices filled');
    // Three slices between a small and a large stroke: more than the two painted ones again, less than three large ones.
    await expect.poll(ml).toBeGreaterThan(painted * 1.5);
    const filled = await ml();
    await expectSaved(page);
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowUp');
    await page.waitForTimeout(500);
    await screenshot(page, 'reading-interpolated');

    // One undo takes all three slices back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(ml).toBeCloseTo(painted, 2);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(ml).toBeCloseTo(filled, 2);
  });
});

test.describe('[READING]: the sphere brush', () => {
  test('one dab of the sphere brush paints the shown slice and its neighbours, as strokes in the document', async ({ page, seed }) => {
    test.setTimeout(120_000);
    const { db } = await import('../../../server/db/client');
    const { projectId } = await readNewMrCase(page, seed, { name: 'Spheres', slices: [84, 96], labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await page.getByLabel('Image viewport').focus();
    await page.keyboard.press('Shift+B');
    await expect(page.getByRole('button', { name: 'Sphere brush' })).toHaveAttribute('aria-pressed', 'true');
    await stroke(page, 0, 0);
    await expect(page.getByTestId('segment-volume-ventricles')).not.toHaveText('0.00 ml');
    await page.waitForTimeout(500);
    await expectSaved(page);
    await screenshot(page, 'reading-sphere-brush');

    // The shown slice and slices on both sides hold paint; a sphere is widest in its middle.
    const strokes = (await storedDoc(projectId)).strokes.filter((s) => s.op === 'paint');
    const painted = [...new Set(strokes.map((s) => s.image.sopUid))];
    expect(painted.length).toBeGreaterThanOrEqual(3);
    const numbers = new Map((await db().instance.findMany({ where: { sopInstanceUid: { in: painted } }, select: { sopInstanceUid: true, instanceNumber: true } })).map((i) => [i.sopInstanceUid, i.instanceNumber!]));
    const pixels = (sop: string) => strokes.filter((s) => s.image.sopUid === sop).reduce((n, s) => n + s.runs.reduce((m, v, i) => (i % 2 ? m + v : m), 0), 0);
    const widest = painted.reduce((a, b) => (pixels(b) > pixels(a) ? b : a));
    const order = [...numbers.values()].sort((a, b) => a - b);
    expect(numbers.get(widest)).toBeGreaterThan(order[0]!);
    expect(numbers.get(widest)).toBeLessThan(order.at(-1)!);
  });
});
