import { syntheticCtSeries } from '../../../server/testing/dicom';
import { expect, readNewCase, test } from '../../fixtures/test';

const HINT = '//# allFunctionsCalledOnLoad\n';

test.describe('[READING]: the case page’s scripts', () => {
  test('every script the page runs before its first image asks V8 to compile it whole (the browser then keeps it compiled)', async ({ page, seed }) => {
    await readNewCase(page, seed, { name: 'Compile hints', modality: 'CT', files: syntheticCtSeries(3) });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).not.toHaveAttribute('data-first-image-ms', '', { timeout: 60_000 });
    // Opened directly too (a new tab): the page's own scripts, not the worklist's.
    await page.reload();
    await expect(viewer).not.toHaveAttribute('data-first-image-ms', '', { timeout: 60_000 });
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        // Not the decode workers' own script (initiator "other"): it runs off the main thread.
        .filter((e) => (e as PerformanceResourceTiming).initiatorType !== 'other')
        .filter((e) => e.startTime < Number(document.querySelector('[data-testid=viewer]')!.getAttribute('data-first-image-ms')))
        .map((e) => new URL(e.name).pathname)
        .filter((p) => /^\/_next\/static\/chunks\/.+\.js$/.test(p)),
    );
    // The framework's, the page's and the viewer's (cornerstone, vtk.js, dcmjs: its largest).
    expect(scripts.length).toBeGreaterThan(10);
    const unmarked: string[] = [];
    let viewerCode = false;
    for (const path of scripts) {
      const body = await (await page.request.get(path)).text();
      if (!body.startsWith(HINT)) unmarked.push(path);
      viewerCode ||= body.includes('vtkOpenGLRenderWindow');
    }
    expect(unmarked).toEqual([]);
    expect(viewerCode).toBe(true);
  });
});
