import type { Locator } from '@playwright/test';
import { decodePng } from '../../../server/imaging/png';
import { expect, openBrainCase, screenshot, test } from '../../fixtures/test';

/** Mean grey level and spread of a view's pixels as drawn (a screenshot, not DOM state). */
async function pixels(view: Locator) {
  const png = decodePng(await view.screenshot());
  const grey: number[] = [];
  for (let i = 0; i < png.data.length; i += png.channels) grey.push((png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3);
  const mean = grey.reduce((a, b) => a + b, 0) / grey.length;
  return { mean, bright: grey.filter((g) => g > 60).length / grey.length, png };
}

test.describe('[READING]: MPR with crosshairs', () => {
  test('a reader opens axial, sagittal and coronal reconstructions of a real MR series; the crosshairs and the stack move together', async ({ page }) => {
    test.setTimeout(120_000);
    await openBrainCase(page);
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '48', { timeout: 60_000 });
    await expect(page.getByRole('group', { name: /reconstruction$/ })).toHaveCount(0);

    // M (or the toolbar button) shows the three reconstructions beside the stack.
    await page.getByLabel('Image viewport').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('m');
    await expect(page.getByRole('button', { name: 'MPR' })).toHaveAttribute('aria-pressed', 'true');
    const views = ['Axial', 'Sagittal', 'Coronal'].map((name) => page.getByRole('group', { name: `${name} reconstruction` }));
    for (const v of views) await expect(v).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await page.waitForTimeout(1000); // the views draw on the next animation frames
    // The stack, now a quarter of the area, still shows the whole 25 cm image: its scale bar measures the new size.
    await expect(page.getByLabel('Image viewport').locator('svg text tspan').filter({ hasText: /^\d+ (cm|mm)$/ })).toHaveText(['10 cm']);

    // Real pixels in each reconstruction, not a blank canvas: the 48 sagittal slices (4.8 cm) are a
    // narrow band of the axial and coronal views; the sagittal view shows the whole head.
    const [ax, sag, cor] = await Promise.all(views.map((v) => pixels(v.getByLabel(/ view$/))));
    for (const p of [ax!, cor!]) expect(p.bright).toBeGreaterThan(0.02);
    expect(sag!.bright).toBeGreaterThan(0.2);
    expect(sag!.mean).toBeGreaterThan(ax!.mean);
    await screenshot(page, 'reading-mpr');

    // A click in the axial view moves the crosshairs' centre there: the stack goes to the sagittal slice through it.
    const before = Number(await viewer.getAttribute('data-slice'));
    const axial = views[0]!.getByLabel('Axial view');
    const box = (await axial.boundingBox())!;
    await axial.click({ position: { x: box.width / 2 - 12, y: box.height / 2 + 20 } });
    await expect(viewer).not.toHaveAttribute('data-slice', String(before));
    const moved = Number(await viewer.getAttribute('data-slice'));
    await expect(views[0]!).toHaveAttribute('data-center-slice', String(moved));

    // Scrolling the stack moves the crosshairs with it: the sagittal line in the axial view is redrawn elsewhere.
    const axialBefore = (await pixels(axial)).png.data;
    await page.getByLabel('Image viewport').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 6; i++) await page.keyboard.press(moved > 24 ? 'ArrowUp' : 'ArrowDown');
    const target = moved > 24 ? moved - 6 : moved + 6;
    await expect(viewer).toHaveAttribute('data-slice', String(target));
    await expect(views[0]!).toHaveAttribute('data-center-slice', String(target));
    await page.waitForTimeout(500);
    const axialAfter = (await pixels(axial)).png.data;
    let changed = 0;
    for (let i = 0; i < axialAfter.length; i++) if (axialAfter[i] !== axialBefore[i]) changed++;
    expect(changed).toBeGreaterThan(100);
    await screenshot(page, 'reading-mpr-moved');

    // Off again: the stack alone.
    await page.getByRole('button', { name: 'MPR' }).click();
    await expect(page.getByRole('group', { name: /reconstruction$/ })).toHaveCount(0);
    await expect(viewer).toHaveAttribute('data-slice', String(target));

    // On again: drawn as brightly as the first time (a volume kept from the closed views was drawn dark).
    await page.getByRole('button', { name: 'MPR' }).click();
    for (const v of views) await expect(v).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await page.waitForTimeout(1000);
    const again = await pixels(views[1]!.getByLabel(/ view$/));
    expect(again.bright).toBeGreaterThan(0.2);
    expect(again.mean).toBeGreaterThan(0.7 * sag!.mean);
  });
});
