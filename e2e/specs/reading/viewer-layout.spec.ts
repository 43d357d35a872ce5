import { syntheticCtSeries } from '../../../server/testing/dicom';
import { expect, readNewCase, test } from '../../fixtures/test';

declare global {
  interface Window {
    viewportSizes?: { t: number; size: string }[];
  }
}

test.describe('[READING]: the viewer’s layout', () => {
  test('the image keeps its size from the first frame on: the CT presets are in the toolbar before it', async ({ page, seed }) => {
    test.setTimeout(120_000);
    // The image viewport's size at every animation frame, from the page's start.
    await page.addInitScript(() => {
      window.viewportSizes = [];
      const sample = () => {
        const el = document.querySelector('[aria-label="Image viewport"]');
        if (el) window.viewportSizes!.push({ t: performance.now(), size: `${el.clientWidth}×${el.clientHeight}` });
        requestAnimationFrame(sample);
      };
      requestAnimationFrame(sample);
    });
    await readNewCase(page, seed, { name: 'CT layout', modality: 'CT', files: syntheticCtSeries(3) });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '3', { timeout: 60_000 });
    const toolbar = page.getByRole('toolbar', { name: 'Image' });
    await expect(toolbar.getByRole('button', { name: 'Lung' })).toBeVisible();
    // Beside the reading panel, the CT's presets take the toolbar to a second row.
    expect((await toolbar.boundingBox())!.height).toBeGreaterThan(50);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

    // The image is drawn in an animation frame, after that frame's sample: from that sample on, one size.
    const first = Number(await viewer.getAttribute('data-first-image-ms'));
    const all = await page.evaluate(() => window.viewportSizes!);
    const shown = all.findLastIndex((s) => s.t <= first);
    expect(shown).toBeGreaterThanOrEqual(0);
    const sizes = all.slice(shown).map((s) => s.size);
    expect(sizes.length).toBeGreaterThan(2);
    expect([...new Set(sizes)]).toEqual([sizes[0]]);
  });
});
