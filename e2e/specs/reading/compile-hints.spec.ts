import { HINT } from '../../../app/_viewer/build/compile-hints.cjs';
import { syntheticCtSeries } from '../../../server/testing/dicom';
import { expect, readNewCase, test } from '../../fixtures/test';

const CHUNK = /^\/_next\/static\/chunks\/.+\.js$/;

test.describe('[READING]: the case page’s scripts', () => {
  test('the scripts the page runs before its first image ask V8 to compile them whole; the decode workers’ do not', async ({ page, seed }) => {
    await readNewCase(page, seed, { name: 'Compile hints', modality: 'CT', files: syntheticCtSeries(3) });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).not.toHaveAttribute('data-first-image-ms', '', { timeout: 60_000 });
    // Opened directly too (a new tab): the page's own scripts, not the worklist's.
    await page.reload();
    await expect(viewer).not.toHaveAttribute('data-first-image-ms', '', { timeout: 60_000 });
    const loaded = await page.evaluate(() => {
      const first = Number(document.querySelector('[data-testid=viewer]')!.getAttribute('data-first-image-ms'));
      return performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime < first)
        .map((e) => new URL(e.name).pathname);
    });
    // A worker keeps no code cache: marked, its scripts would be compiled whole at every start, before the first decode.
    expect(page.workers().length).toBeGreaterThan(0);
    const inWorkers = new Set<string>();
    for (const worker of page.workers()) {
      inWorkers.add(new URL(worker.url()).pathname);
      for (const name of await worker.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))) inWorkers.add(new URL(name).pathname);
    }
    const workerScripts = [...inWorkers].filter((p) => CHUNK.test(p));
    const pageScripts = loaded.filter((p) => CHUNK.test(p) && !inWorkers.has(p));
    // The framework's, the page's and the viewer's (cornerstone, vtk.js, dcmjs); the decoders' and their codecs.
    expect(pageScripts.length).toBeGreaterThan(10);
    expect(workerScripts.length).toBeGreaterThan(1);
    const fetched = (paths: string[]) => Promise.all(paths.map(async (path) => ({ path, body: await (await page.request.get(path)).text() })));
    const onPage = await fetched(pageScripts);
    expect(onPage.filter((s) => !s.body.startsWith(HINT)).map((s) => s.path)).toEqual([]);
    expect(onPage.some((s) => s.body.includes('vtkOpenGLRenderWindow'))).toBe(true);
    expect((await fetched(workerScripts)).filter((s) => s.body.startsWith(HINT)).map((s) => s.path)).toEqual([]);
  });
});
