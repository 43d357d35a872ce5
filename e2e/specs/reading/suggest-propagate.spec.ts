import { expect, openBrainCase, screenshot, test } from '../../fixtures/test';

test.describe('[MODEL]: propagating an accepted proposal through a real MR series', () => {
  test('a box around the brain on one slice, accepted, then carried to the neighbouring slices in one undoable step', async ({ page }) => {
    test.setTimeout(180_000);
    await openBrainCase(page);
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await page.keyboard.press('s');
    const suggest = page.getByTestId('suggest');
    await expect(suggest).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    const box = (await page.getByLabel('Image viewport').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(cx - 120, cy - 120);
    await page.mouse.down();
    await page.mouse.move(cx, cy, { steps: 5 });
    await page.mouse.move(cx + 120, cy + 120, { steps: 5 });
    await page.mouse.up();
    await expect(suggest).toHaveAttribute('data-state', 'proposal', { timeout: 30_000 });
    await page.keyboard.press('Enter');
    const volume = page.getByTestId('segment-volume-ventricles');
    await expect(volume).not.toHaveText('0.00 ml');
    const one = parseFloat((await volume.textContent())!);

    await page.getByRole('button', { name: 'Propagate to neighbours' }).click();
    await expect(suggest).toContainText(/Added on \d+ neighbouring slices?/, { timeout: 60_000 });
    const slices = Number((await suggest.textContent())!.match(/Added on (\d+)/)![1]);
    expect(slices).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => parseFloat((await volume.textContent())!)).toBeGreaterThan(one * 2);
    await screenshot(page, 'suggest-propagated');

    // One Ctrl+Z takes the whole propagation back.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => parseFloat((await volume.textContent())!)).toBeCloseTo(one, 1);
  });
});
