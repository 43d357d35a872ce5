import { expect, openNoduleAdjudication, screenshot, signInViaApi, test } from '../../fixtures/test';

const PASSWORD = 'concord-demo-2026';
const LEAD = { email: 'lead@demo-hospital.example', password: PASSWORD };
const PM = { email: 'pm@demo-hospital.example', password: PASSWORD };
const READER = { email: 'reader1@demo-hospital.example', password: PASSWORD };

test.describe('[ADJUDICATION]: the adjudication view', () => {
  // Before the test below finalizes the demo's case.
  test('the page comes rendered from the server with the reads, and takes over in the browser without a hydration error', async ({ page }) => {
    await signInViaApi(page, LEAD);
    await openNoduleAdjudication(page);
    await expect(page.getByRole('heading', { name: /^Adjudicate / })).toBeVisible();
    const html = await (await page.request.get(page.url())).text();
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main).toMatch(/<h1 title="[^"]+">Adjudicate /);
    expect(main).toContain('Rita Reader');
    expect(main).not.toContain('Loading the case…');
    // As on the case page, the study's series list, the opened series' metadata and the image the
    // viewer opens on are asked for while the scripts load (a study-level case: the server names the series).
    const ahead = [...html.matchAll(/<link rel="preload" as="fetch" href="([^"]+)"/g)].map((m) => m[1]!);
    expect(ahead.map((u) => u.replace(/.*\/studies\/[\d.]+/, ''))).toEqual(['/series', expect.stringMatching(/^\/series\/[\d.]+\/metadata$/), expect.stringMatching(/^\/series\/[\d.]+\/instances\/[\d.]+\/frames\/1\?accept=application\/octet-stream$/)]);

    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.reload();
    const viewer = page.getByRole('group', { name: 'Consensus' }).getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-count', '7', { timeout: 60_000 });
    await expect(page.getByTestId('read-layers')).toHaveAttribute('data-layers', '3');
    expect(errors.filter((e) => /hydrat|did not match|server rendered/i.test(e))).toEqual([]);
    // The viewer took those answers rather than asking again.
    const requested = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => { const u = new URL(e.name); return u.pathname + u.search; }));
    expect(ahead.map((url) => requested.filter((p) => p === url).length)).toEqual([1, 1, 1]);
  });

  test('a lead edits the consensus document live while the manager watches and follows; the lead finalizes; a reader is refused', async ({ page, browser }) => {
    test.setTimeout(180_000);
    const metadataReads: string[] = [];
    page.on('request', (r) => /\/series\/[\d.]+\/metadata$/.test(new URL(r.url()).pathname) && metadataReads.push(r.url()));
    await signInViaApi(page, LEAD);
    await openNoduleAdjudication(page);
    await expect(page.getByRole('heading', { name: /^Adjudicate / })).toBeVisible();
    const viewer = page.getByRole('group', { name: 'Consensus' }).getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-count', '7');
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 }); // the first opening of the case loads its images cold
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveAttribute('data-status', 'saved');

    // Three radiologists' outlines over the image; they differ on several slices.
    const layers = page.getByTestId('read-layers');
    await expect(layers).toHaveAttribute('data-layers', '3');
    await expect(layers).toHaveAttribute('data-disputed', /^\d+(,\d+)+$/);
    const disputed = (await layers.getAttribute('data-disputed'))!.split(',').map(Number);

    // The manager opens the same case in another browser: each sees the other.
    const baseURL = page.url().replace(/^(https?:\/\/[^/]+).*$/, '$1');
    const pmContext = await browser.newContext({ baseURL });
    const pmPage = await pmContext.newPage();
    await signInViaApi(pmPage, PM);
    await pmPage.goto(new URL(page.url()).pathname);
    await expect(pmPage.getByRole('status', { name: 'Save status' })).toHaveAttribute('data-status', 'read-only');
    await expect(page.getByRole('group', { name: 'Here now' })).toContainText('Paula Manager');
    await expect(pmPage.getByRole('group', { name: 'Here now' })).toContainText('Leo Lead');
    await expect(pmPage.getByRole('button', { name: /^Take / })).toHaveCount(0);

    // The disagreement map, and stepping to the next slice where the readers differ.
    await page.getByRole('radio', { name: 'Disagreement map' }).check();
    await expect(layers).toHaveAttribute('data-mode', 'disagreement');
    const from = Number(await viewer.getAttribute('data-slice'));
    await page.getByRole('button', { name: 'Next disagreement' }).click();
    const next = disputed.find((i) => i > from) ?? disputed[0]!;
    await expect(viewer).toHaveAttribute('data-slice', String(next));
    await screenshot(page, 'adjudication-disagreement-map');
    await page.getByRole('radio', { name: 'Outlines' }).check();
    await screenshot(page, 'adjudication-overlay');

    // Side by side: the consensus and each read in its own viewport, on the same slice.
    await page.getByRole('radio', { name: 'Side by side' }).check();
    const ravisView = page.getByRole('group', { name: 'Read of Ravi Reader' }).getByTestId('viewer');
    await expect(page.getByTestId('viewer')).toHaveCount(4);
    await expect(ravisView).toHaveAttribute('data-count', '7');
    // The four viewers share one reading of the series' metadata.
    for (const group of ['Consensus', 'Read of Rita Reader', 'Read of Rosa Reader']) await expect(page.getByRole('group', { name: group }).getByTestId('viewer')).toHaveAttribute('data-count', '7');
    expect(metadataReads).toHaveLength(1);
    await page.getByRole('group', { name: 'Consensus' }).getByRole('slider', { name: 'Slice' }).fill('2');
    for (const name of ['Rita Reader', 'Ravi Reader', 'Rosa Reader']) await expect(page.getByRole('group', { name: `Read of ${name}` }).getByTestId('viewer')).toHaveAttribute('data-slice', '2');
    await ravisView.getByRole('slider', { name: 'Slice' }).fill('3');
    await expect(viewer).toHaveAttribute('data-slice', '3');
    // Zooming the consensus zooms every read with it.
    await page.getByRole('button', { name: 'Zoom', exact: true }).click();
    const box = (await page.getByRole('group', { name: 'Consensus' }).getByLabel('Image viewport').boundingBox())!;
    // (Away from the nodule: a drag on a measurement's line moves the measurement.)
    await page.mouse.move(box.x + 40, box.y + box.height * 0.8);
    await page.mouse.down();
    await page.mouse.move(box.x + 40, box.y + box.height * 0.8 + 30, { steps: 6 });
    await page.mouse.up();
    const zoomText = (group: string) => page.getByRole('group', { name: group }).getByText(/Zoom \d+\.\d+×/);
    await expect(zoomText('Consensus')).not.toContainText('Zoom 1.00×');
    const zoom = /Zoom \d+\.\d+×/.exec(await zoomText('Consensus').innerText())![0];
    for (const name of ['Rita Reader', 'Ravi Reader', 'Rosa Reader']) await expect(zoomText(`Read of ${name}`)).toContainText(zoom);
    await page.getByRole('button', { name: 'W/L', exact: true }).click();
    await page.waitForTimeout(1500); // the canvases redraw on the next animation frames
    await screenshot(page, 'adjudication-side-by-side');
    await page.getByRole('radio', { name: 'Outlines' }).check();
    await expect(page.getByTestId('viewer')).toHaveCount(1);

    // The lead takes Ravi's outline: the consensus becomes his mask, at the manager's too; undo takes it back.
    const row = (p: typeof page) => p.getByRole('table', { name: 'Compare the reads' }).getByRole('row', { name: /Nodule/ });
    const cells = row(page).getByRole('cell');
    const seeded = await cells.last().innerText();
    const ravi = (await cells.nth(2).innerText()).split(' px')[0]!;
    await page.getByRole('button', { name: 'Take Ravi Reader’s Nodule mask' }).click();
    await expect(cells.last()).toHaveText(`${ravi} px`);
    await expect(row(pmPage).getByRole('cell').last()).toHaveText(`${ravi} px`);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(cells.last()).toHaveText(seeded);
    await page.getByRole('button', { name: 'Take Ravi Reader’s Nodule mask' }).click();
    await expect(cells.last()).toHaveText(`${ravi} px`);
    // Rosa's outline over a range of slices that holds all of it: the consensus becomes hers; undo gives Ravi's back.
    const rosa = (await cells.nth(3).innerText()).split(' px')[0]!;
    const range = page.getByRole('group', { name: 'Slice range' });
    await range.getByLabel('From slice').fill('1');
    await range.getByLabel('To slice').fill('7');
    await page.getByRole('button', { name: 'Take Rosa Reader’s Nodule on slices 1–7' }).click();
    await expect(cells.last()).toHaveText(`${rosa} px`);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(cells.last()).toHaveText(`${ravi} px`);

    // The readers' long axes, matched across them: each value side by side with the spread; the lead takes Rosa's.
    const axes = page.getByRole('table', { name: 'Matched findings' }).getByRole('row', { name: /Long axis 1/ });
    await expect(axes.getByRole('cell').nth(4)).toContainText(/^\d+\.\d( \/ \d+\.\d)+ mm \(Δ \d+\.\d\)/);
    const rosas = (await axes.getByRole('cell').nth(3).innerText()).split(' mm')[0]!;
    await axes.getByRole('button', { name: 'Take Rosa Reader’s Long axis 1' }).click();
    await expect(axes.getByRole('cell').last()).toHaveText(`${rosas} mm`);
    await expect(row(pmPage).getByRole('cell').last()).toHaveText(`${ravi} px`);

    // The manager asks the lead about the outline; the lead sees the thread and resolves it.
    const pmTalk = pmPage.getByRole('region', { name: 'Discussion' });
    await pmTalk.getByLabel('About').selectOption({ label: 'Nodule' });
    await pmTalk.getByRole('textbox', { name: 'Comment' }).fill('@Leo Lead does the outline include the pleural tag?');
    await pmTalk.getByRole('button', { name: 'Comment' }).click();
    const thread = page.getByRole('group', { name: 'Thread on Nodule' });
    await expect(thread).toContainText('Paula Manager', { timeout: 10_000 });
    await expect(thread.locator('b')).toHaveText('@Leo Lead');
    await thread.getByRole('button', { name: 'Resolve' }).click();
    await expect(thread).toContainText('resolved by Leo Lead');
    await expect(pmPage.getByRole('group', { name: 'Thread on Nodule' })).toContainText('resolved by Leo Lead', { timeout: 10_000 });

    // Follow: the manager follows the lead, who moves to another image.
    const pmViewer = pmPage.getByTestId('viewer');
    await expect(pmViewer).toHaveAttribute('data-count', '7');
    await pmPage.getByRole('group', { name: 'Here now' }).getByRole('button', { name: 'Follow' }).click();
    const target = next === 0 ? 1 : 0;
    await page.getByRole('slider', { name: 'Slice' }).fill(String(target));
    await expect(viewer).toHaveAttribute('data-slice', String(target));
    await expect(pmViewer).toHaveAttribute('data-slice', String(target));
    await expect(pmPage.getByRole('group', { name: 'Here now' })).toContainText(`Leo Lead · image ${target + 1}`);
    // The lead's pointer shows on the manager's image.
    await page.getByLabel('Image viewport').hover({ position: { x: 150, y: 150 } });
    await page.getByLabel('Image viewport').hover({ position: { x: 160, y: 170 } });
    await expect(pmPage.getByTestId('cursor')).toContainText('Leo Lead');
    await screenshot(pmPage, 'adjudication-presence');

    // Show beside a reader's long axis goes to that reader's image (the finding is not the lead's to select); the manager comes along.
    await axes.getByRole('button', { name: 'Show Rosa Reader’s Long axis 1' }).click();
    await expect(viewer).not.toHaveAttribute('data-slice', String(target));
    const rosasImage = (await viewer.getAttribute('data-slice'))!;
    await screenshot(page, 'adjudication-show-reader-finding');
    await expect(pmViewer).toHaveAttribute('data-slice', rosasImage);
    await page.getByRole('slider', { name: 'Slice' }).fill(String(target));
    await expect(viewer).toHaveAttribute('data-slice', String(target));

    // Show on the consensus's long axis (Rosa's, taken above) brings the lead, and the manager following, to its image.
    const lengths = viewer.locator('svg text tspan').filter({ hasText: /^[\d.]+ mm$/ });
    await expect(lengths).toHaveCount(0);
    await page.getByRole('region', { name: 'Consensus findings' }).getByRole('button', { name: 'Show finding 1' }).click();
    await expect(lengths).toHaveCount(1);
    // The consensus's copy of Rosa's long axis is on the image her own was shown on.
    await expect(viewer).toHaveAttribute('data-slice', rosasImage);
    await expect(pmViewer).toHaveAttribute('data-slice', (await viewer.getAttribute('data-slice'))!);

    // Finalize what the server stored.
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveAttribute('data-status', 'saved');
    const finalize = page.getByRole('form', { name: 'Finalize' });
    await finalize.getByLabel('Reason (optional)').fill('Ravi’s outline follows the pleural margin');
    await finalize.getByRole('button', { name: 'Finalize' }).click();
    await expect(finalize.getByRole('status')).toHaveText('Finalized as version 1; the case is done.');
    await expect(page.locator('.page-head .status')).toHaveText('done');
    await pmContext.close();

    // The queue is empty now.
    await page.getByRole('link', { name: 'back to the queue' }).click();
    await expect(page.getByRole('heading', { name: 'No case waits for a lead' })).toBeVisible();

    // A reader of the project cannot open the view.
    const readerContext = await browser.newContext({ baseURL });
    const readerPage = await readerContext.newPage();
    await signInViaApi(readerPage, READER);
    await readerPage.goto(new URL(page.url()).pathname.replace(/\/projects\/(\w+)\/adjudication$/, '/adjudicate/$1/nothing'));
    await expect(readerPage.getByText(/^Only leads, managers and readers a lead has invited/)).toBeVisible();
    await readerContext.close();
  });
});
