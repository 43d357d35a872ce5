import type { Locator, Page } from '@playwright/test';
import { decodePng } from '../../../server/imaging/png';
import { expect, expectSaved, readNewMrCase, screenshot, storedDoc, test } from '../../fixtures/test';

const SCHEMA = { questions: [], labels: [{ id: 'ventricles', name: 'Lateral ventricles', color: '#3b82f6', kind: 'segmentation', attributes: [] }] };

/** Pixels of a view drawn in the segment's blue (the image is grey; the crosshairs are red, yellow and green). */
async function bluePixels(view: Locator) {
  const png = decodePng(await view.screenshot());
  let n = 0;
  for (let i = 0; i < png.data.length; i += png.channels) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (b > r + 40 && b > g + 25) n++;
  }
  return n;
}

/** A left-to-right brush stroke through a view's centre. */
async function strokeAcross(page: Page, view: Locator, half: number) {
  const b = (await view.boundingBox())!;
  const [cx, cy] = [b.x + b.width / 2, b.y + b.height / 2];
  await page.mouse.move(cx - half, cy);
  await page.mouse.down();
  await page.mouse.move(cx, cy, { steps: 5 });
  await page.mouse.move(cx + half, cy, { steps: 5 });
  await page.mouse.up();
  // Off the views: the brush's circle (in the segment's colour) goes with the pointer.
  await page.mouse.move(5, 5, { steps: 3 });
}

test.describe('[READING]: segmentation in the MPR views', () => {
  test('a reader paints in the axial reconstruction of a sagittal MR: the paint lands on every acquired slice the stroke crossed, shows in the stack, follows hide/undo/redo, and is there again after MPR reopens and after a reload', async ({ page, seed }) => {
    test.setTimeout(180_000);
    const { projectId } = await readNewMrCase(page, seed, { name: 'MPR segments', slices: [64, 112], labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    const stack = page.getByLabel('Image viewport');
    const group = (name: string) => page.getByRole('group', { name: `${name} reconstruction` });
    const axial = group('Axial').getByLabel('Axial view');
    const volume = page.getByTestId('segment-volume-ventricles');
    const openMpr = async () => {
      await stack.focus();
      await page.keyboard.press('m');
      for (const name of ['Axial', 'Sagittal', 'Coronal']) await expect(group(name)).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
      await page.waitForTimeout(1000); // the views and their labelmap draw on the next animation frames
    };

    await openMpr();
    expect(await bluePixels(axial)).toBeLessThan(20);
    expect(await bluePixels(stack)).toBeLessThan(20);

    // With the brush chosen, a drag in a reconstruction paints instead of moving the crosshairs.
    const slice = await viewer.getAttribute('data-slice');
    await page.getByRole('button', { name: 'Brush', exact: true }).click();
    await page.getByLabel('Brush size').fill('16');
    await strokeAcross(page, axial, 30);
    await expect(volume).not.toHaveText('0.00 ml');
    await expect(viewer).toHaveAttribute('data-slice', slice!);
    await page.waitForTimeout(500); // strokes are taken from the labelmap once the brush pauses
    await expectSaved(page);
    await expect.poll(() => bluePixels(axial)).toBeGreaterThan(100);
    // The stroke ran through the crosshairs' centre, which is on the stack's image: the stack shows the paint too.
    await expect.poll(() => bluePixels(stack)).toBeGreaterThan(20);
    await screenshot(page, 'reading-mpr-brush');

    // The axial stroke crosses the sagittal slices: it is kept as paint on each acquired image it reached.
    const strokes = (await storedDoc(projectId)).strokes;
    expect(strokes.every((s) => s.op === 'paint' && s.labelId === 'ventricles')).toBe(true);
    expect(new Set(strokes.map((s) => s.image.sopUid)).size).toBeGreaterThanOrEqual(5);
    const ml = await volume.textContent();

    // The segment list acts on the reconstructions too.
    await page.getByRole('button', { name: 'Shown' }).click();
    await expect.poll(() => bluePixels(axial)).toBeLessThan(20);
    await page.getByRole('button', { name: 'Hidden' }).click();
    await expect.poll(() => bluePixels(axial)).toBeGreaterThan(100);

    // One undo takes the whole stroke back, everywhere; redo brings it back.
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(volume).toHaveText('0.00 ml');
    await expect.poll(() => bluePixels(axial)).toBeLessThan(20);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect(volume).toHaveText(ml!);
    await expect.poll(() => bluePixels(axial)).toBeGreaterThan(100);
    await expectSaved(page);

    // Closed and opened again, the views draw the paint again.
    await stack.focus();
    await page.keyboard.press('m');
    await expect(group('Axial')).toHaveCount(0);
    await openMpr();
    await expect.poll(() => bluePixels(axial)).toBeGreaterThan(100);

    // And from the stored document after a reload.
    await page.reload();
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await expect(volume).toHaveText(ml!);
    await openMpr();
    await expect.poll(() => bluePixels(axial)).toBeGreaterThan(100);

    // Paint on the stack shows in the reconstructions where they cross it: a sphere dabbed behind
    // the first stroke, on the axial plane, is a disc in the axial view.
    const before = await bluePixels(axial);
    await page.getByRole('button', { name: 'Sphere brush' }).click();
    const b = (await stack.boundingBox())!;
    await page.mouse.click(b.x + b.width / 2 + 60, b.y + b.height / 2);
    await page.mouse.move(5, 5, { steps: 3 });
    await expect.poll(() => bluePixels(axial)).toBeGreaterThan(before + 100);
    await expect(volume).not.toHaveText(ml!);
    await page.waitForTimeout(500);
    await expectSaved(page);

    // The eraser works there too: erase strokes, less volume.
    const painted = Number((await volume.textContent())!.replace(' ml', ''));
    await page.getByRole('button', { name: 'Eraser' }).click();
    await strokeAcross(page, axial, 30);
    await expect.poll(async () => Number((await volume.textContent())!.replace(' ml', ''))).toBeLessThan(painted);
    await page.waitForTimeout(500);
    await expectSaved(page);
    expect((await storedDoc(projectId)).strokes.filter((s) => s.op === 'erase').length).toBeGreaterThanOrEqual(5);
  });
});
