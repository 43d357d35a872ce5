import type { Page } from '@playwright/test';
import { drag, expect, meanGrey, openNoduleAdjudication, readNewMrCase, screenshot, signInViaApi, storedLengthAsDrawn, test } from '../../fixtures/test';

/** A browser that gives pages no WebGL: a blocklisted GPU, a remote desktop without one. cornerstone then draws on the CPU. */
async function withoutWebGl(page: Page) {
  await page.addInitScript(() => {
    const original = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, options?: unknown) {
      return /webgl/i.test(type) ? null : original.call(this, type as '2d', options as CanvasRenderingContext2DSettings);
    } as typeof original;
  });
}

const SCHEMA = {
  questions: [],
  labels: [
    { id: 'ventricles', name: 'Lateral ventricles', color: '#3b82f6', kind: 'segmentation', attributes: [] },
    { id: 'width', name: 'Width', color: '#f59e0b', kind: 'measurement', attributes: [] },
  ],
};

test.describe('[READING]: a browser without WebGL', () => {
  test('the reader sees the images and measures; segmentation and MPR are not offered, and the viewer says why', async ({ page, seed }) => {
    test.setTimeout(120_000);
    await withoutWebGl(page);
    await readNewMrCase(page, seed, { name: 'No WebGL', slices: [86, 93], labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '7', { timeout: 60_000 });
    await expect(page.getByRole('status').filter({ hasText: 'No WebGL in this browser' })).toBeVisible();

    // Real pixels, drawn without the GPU: the head in the middle, air in the corner.
    const canvas = page.getByLabel('Image viewport');
    const box = (await canvas.boundingBox())!;
    expect(await meanGrey(page, canvas, { x: box.width / 2 - 40, y: box.height / 2 - 40, width: 80, height: 80 })).toBeGreaterThan(25);
    expect(await meanGrey(page, canvas, { x: 4, y: box.height - 60, width: 40, height: 40 })).toBeLessThan(10);

    const tools = page.getByRole('toolbar', { name: 'Annotation tools' });
    await expect(tools.getByRole('button', { name: 'Length', exact: true })).toBeVisible();
    await expect(tools.getByRole('button', { name: 'Brush', exact: true })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'MPR' })).toHaveCount(0);
    await expect(page.getByTestId('segment')).toHaveCount(0);
    await expect(page.getByLabel('Active label').getByRole('option')).toHaveText(['Width (measurement)']);

    await tools.getByRole('button', { name: 'Length', exact: true }).click();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await drag(page, [cx - 100, cy - 60], [cx + 100, cy - 60]);
    await expect(page.getByTestId('finding')).toHaveCount(1);
    const mm = await storedLengthAsDrawn(page);
    expect(mm).toBeGreaterThan(40);
    expect(mm).toBeLessThan(140);
    await screenshot(page, 'reading-no-webgl');
  });

  test('the lead sees the reads\' outlines and the disagreement map; no mask tools, and the page says why', async ({ page }) => {
    test.setTimeout(120_000);
    await withoutWebGl(page);
    await signInViaApi(page, { email: 'lead@demo-hospital.example', password: 'concord-demo-2026' });
    await openNoduleAdjudication(page);
    await expect(page.getByRole('heading', { name: /^Adjudicate / })).toBeVisible();
    await expect(page.getByRole('note').filter({ hasText: 'No WebGL in this browser' })).toBeVisible();
    const consensus = page.getByRole('group', { name: 'Consensus' }).getByTestId('viewer');
    await expect(consensus).toHaveAttribute('data-loaded', '7', { timeout: 60_000 });
    // The outlines are drawn on a canvas of their own, not with WebGL: they stay, in both modes.
    const layers = page.getByTestId('read-layers');
    await expect(page.getByRole('radio', { name: 'Outlines' })).toBeChecked();
    await expect(layers).toHaveAttribute('data-layers', '3');
    await page.getByRole('radio', { name: 'Disagreement map' }).check();
    await expect(layers).toHaveAttribute('data-mode', 'disagreement');
    await expect(page.getByRole('toolbar', { name: 'Annotation tools' }).getByRole('button', { name: 'Brush', exact: true })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'MPR' })).toHaveCount(0);
    await expect(page.getByLabel('Active label').getByRole('option')).toHaveText(['Long axis (measurement)']);
    await screenshot(page, 'adjudication-no-webgl');
  });
});
