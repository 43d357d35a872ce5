import fs from 'node:fs';
import { drag, expect, newImagingProject, screenshot, signInViaApi, test } from '../../fixtures/test';

test.describe('[READING]: the series browser', () => {
  test('a study of two series shows a thumbnail of each; dragging one onto a viewport shows that series there, a click brings the other back; layouts of two and four viewports', async ({ page, seed }) => {
    test.setTimeout(120_000);
    const { FIXTURES, filesIn, withChangedTag } = await import('../../../server/testing/dicom');
    // One study: eight slices as they are (series 19), and four others made a second series (series 10).
    const files = filesIn(FIXTURES.mrSeries);
    const first = files.slice(60, 68).map((f) => ({ name: f, bytes: fs.readFileSync(f) }));
    const second = files.slice(80, 84).map((f) => ({ name: `b-${f}`, bytes: withChangedTag(withChangedTag(fs.readFileSync(f), 'x0020000e', '7'), 'x00200011', '0') }));
    const labelSchema = { questions: [], labels: [{ id: 'size', name: 'Size', color: '#f59e0b', kind: 'measurement', attributes: [] }] };
    const { org, pm, reader, projectId } = await newImagingProject(seed, { name: 'Two series', modality: 'MR', files: [...first, ...second], labelSchema });

    await signInViaApi(page, reader);
    await page.goto(`/${org.slug}/worklist`);
    await page.getByRole('link', { name: /^Next case/ }).click();
    const viewer = page.getByTestId('viewer').first();
    const browser = page.getByRole('navigation', { name: 'Series browser' });
    const items = browser.getByRole('button');
    await expect(items).toHaveCount(2);
    await expect(items.nth(0)).toContainText('10 · MR');
    await expect(items.nth(1)).toContainText('19 · MR');
    for (const t of await browser.getByTestId('series-thumbnail').all()) await expect(t).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    // The first series in number order opens; its thumbnail is the pressed one.
    await expect(viewer).toHaveAttribute('data-count', '4', { timeout: 30_000 });
    await expect(items.nth(0)).toHaveAttribute('aria-pressed', 'true');

    // Thumbnails are images, not blank canvases.
    const bright = await browser.getByTestId('series-thumbnail').first().evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i]! > 40) n++;
      return n / (d.length / 4);
    });
    expect(bright).toBeGreaterThan(0.05);

    // Drag series 19 onto the viewport: it is shown there.
    await items.nth(1).dragTo(page.getByTestId('viewer-drop').first());
    await expect(viewer).toHaveAttribute('data-count', '8', { timeout: 30_000 });
    await expect(viewer).toHaveAttribute('data-loaded', '8', { timeout: 30_000 });
    await expect(items.nth(1)).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByLabel('Series', { exact: true }).locator('option:checked')).toContainText('19 · MR');
    await screenshot(page, 'reading-series-browser');
    // A length on its third image.
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect(viewer).toHaveAttribute('data-slice', '2');
    await page.keyboard.press('l');
    const b = (await page.getByLabel('Image viewport').first().boundingBox())!;
    await drag(page, [b.x + b.width / 2, b.y + b.height / 2 - 40], [b.x + b.width / 2, b.y + b.height / 2 + 30]);
    await expect(page.getByTestId('finding')).toHaveCount(1);

    // A click on the other thumbnail brings series 10 back.
    await items.nth(0).click();
    await expect(viewer).toHaveAttribute('data-count', '4', { timeout: 30_000 });
    await expect(items.nth(0)).toHaveAttribute('aria-pressed', 'true');
    // Show on the length opens its series again, on its image; then series 10 once more.
    await page.getByRole('button', { name: 'Show finding 1' }).click();
    await expect(viewer).toHaveAttribute('data-count', '8', { timeout: 30_000 });
    await expect(items.nth(1)).toHaveAttribute('aria-pressed', 'true');
    await expect(viewer).toHaveAttribute('data-slice', '2');
    await items.nth(0).click();
    await expect(viewer).toHaveAttribute('data-count', '4', { timeout: 30_000 });

    // 1×2: a second viewport opens on the next series; the keys still act on the first.
    await page.getByLabel('Layout').selectOption('1×2');
    const cell2 = page.getByRole('group', { name: 'Viewport 2' }).getByTestId('viewer');
    await expect(cell2).toHaveAttribute('data-loaded', '8', { timeout: 30_000 });
    const secondSlice = await cell2.getAttribute('data-slice');
    const firstSlice = Number(await viewer.getAttribute('data-slice'));
    await page.getByLabel('Image viewport').first().click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowUp');
    await expect(viewer).toHaveAttribute('data-slice', String(firstSlice - 1));
    await expect(cell2).toHaveAttribute('data-slice', secondSlice!);
    await screenshot(page, 'reading-layout-1x2');
    // Series 10 dragged onto the second viewport: both show it.
    await items.nth(0).dragTo(page.getByRole('group', { name: 'Viewport 2' }).getByTestId('viewer-drop'));
    await expect(cell2).toHaveAttribute('data-count', '4', { timeout: 30_000 });

    // 2×2: four viewports; the second keeps what was dropped on it, the new ones cycle through the study's series.
    await page.getByLabel('Layout').selectOption('2×2');
    for (const [n, count] of [[2, '4'], [3, '4'], [4, '8']] as const)
      await expect(page.getByRole('group', { name: `Viewport ${n}` }).getByTestId('viewer')).toHaveAttribute('data-loaded', count, { timeout: 30_000 });
    await page.waitForTimeout(500); // the viewports draw on the next animation frames
    await screenshot(page, 'reading-layout-2x2');
    await page.getByLabel('Layout').selectOption('1×1');
    await expect(page.getByRole('group', { name: /^Viewport / })).toHaveCount(0);

    // The PM's case list shows the case's image, rendered by the server (the study's first series, series 10).
    await page.context().clearCookies();
    await signInViaApi(page, pm);
    await page.goto(`/${org.slug}/projects/${projectId}`);
    const thumb = page.getByTestId('case-thumbnail');
    await expect(thumb).toHaveCount(1);
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(128);
    await screenshot(page, 'project-case-thumbnails');
  });
});
