import { db } from '../../../server/db/client';
import { drag, expect, expectSaved, meanGrey, screenshot, signInViaApi, storedLengthAsDrawn, test } from '../../fixtures/test';

const READER = { email: 'reader1@demo-hospital.example', password: 'concord-demo-2026' };

test.describe('[READING]: a reader reads a real MR study', () => {
  test('views, scrolls, windows, measures, paints, answers; survives reload and going offline; submits into the read tables', async ({ page, context, browser }) => {
    test.setTimeout(180_000);
    await signInViaApi(page, READER);
    await page.goto('/demo-hospital/worklist');
    await page.getByRole('row', { name: /Brain MR volumetry/ }).getByRole('link').first().click();
    await expect(page).toHaveURL(/\/read\/\w+$/);
    const assignmentId = page.url().split('/').pop()!;
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await expect(viewer).toHaveAttribute('data-loaded', '48');
    await expectSaved(page);

    // Real pixels: the head is bright, the air around it dark.
    const canvas = page.getByLabel('Image viewport');
    const box = (await canvas.boundingBox())!;
    const centre = { x: box.width / 2 - 40, y: box.height / 2 - 40, width: 80, height: 80 };
    const head = await meanGrey(page, canvas, centre);
    const air = await meanGrey(page, canvas, { x: 4, y: box.height - 60, width: 40, height: 40 });
    expect(head).toBeGreaterThan(25);
    expect(air).toBeLessThan(10);
    await screenshot(page, 'reading-viewer');

    // The page has the browser fetch the series list, the metadata and the image the viewer opens on
    // while its scripts load; the viewer takes those answers rather than asking again (here opened
    // from the worklist, below reloaded).
    const html = await (await page.request.get(page.url())).text();
    const ahead = [...html.matchAll(/<link rel="preload" as="fetch" href="([^"]+)"/g)].map((m) => m[1]!);
    expect(ahead.map((u) => u.replace(/.*\/studies\/[\d.]+/, ''))).toEqual(['/series', expect.stringMatching(/^\/series\/[\d.]+\/metadata$/), expect.stringMatching(/^\/series\/[\d.]+\/instances\/[\d.]+\/frames\/1\?accept=application\/octet-stream$/)]);
    const requested = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => { const u = new URL(e.name); return u.pathname + u.search; }));
    const once = (paths: string[]) => expect(ahead.map((url) => paths.filter((p) => p === url).length)).toEqual([1, 1, 1]);
    once(await requested());
    // Another reader's request for this page names no study: the page is rendered as them.
    const ravi = await browser.newContext({ baseURL: new URL(page.url()).origin });
    await signInViaApi(await ravi.newPage(), { ...READER, email: 'reader2@demo-hospital.example' });
    const theirs = await (await ravi.request.get(page.url())).text();
    expect(theirs).not.toContain('/dicomweb/');
    expect(theirs).not.toContain(ahead[0]!.split('/studies/')[1]!.split('/')[0]);
    await ravi.close();

    // Scroll with the keyboard; the overlay follows.
    await canvas.click({ position: { x: 10, y: 10 } });
    const start = Number(await viewer.getAttribute('data-slice'));
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect(viewer).toHaveAttribute('data-slice', String(start + 3));
    await expect(page.getByTestId('slice-label')).toHaveText(`Im ${start + 4}/48`);

    // Window/level by dragging, then back to the image's own window (MR "auto").
    const wl = page.getByTestId('wl-label');
    const original = await wl.textContent();
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    await drag(page, [cx, cy], [cx + 80, cy + 40]);
    await expect(wl).not.toHaveText(original!);
    await page.keyboard.press('a');
    await expect(wl).toHaveText(original!);

    // A length across the brain: a plausible size in millimetres, labelled with the measurement label.
    await page.getByRole('button', { name: 'Length', exact: true }).click();
    await drag(page, [cx - 100, cy - 60], [cx + 100, cy - 60]);
    const finding = page.getByTestId('finding');
    await expect(finding).toHaveCount(1);
    const mm = await storedLengthAsDrawn(page);
    expect(mm).toBeGreaterThan(40);
    expect(mm).toBeLessThan(140);
    await finding.getByRole('radio', { name: 'High' }).click();
    await expect(finding.getByRole('radio', { name: 'High' })).toBeChecked();
    await screenshot(page, 'reading-length');

    // A brush stroke on the ventricles' label.
    await page.getByRole('button', { name: 'Brush', exact: true }).click();
    await drag(page, [cx - 30, cy - 20], [cx + 30, cy - 20]);
    await expect(page.getByTestId('segment-volume-ventricles')).not.toHaveText('0.00 ml');
    await page.waitForTimeout(500); // strokes are taken from the labelmap once the brush pauses
    await expectSaved(page);
    const volume = await page.getByTestId('segment-volume-ventricles').textContent();
    await screenshot(page, 'reading-brush');

    // The form.
    await page.getByRole('radio', { name: 'Diagnostic', exact: true }).click();
    await page.getByRole('radio', { name: /^1/ }).click();
    await expect(page.getByRole('radio', { name: /^1/ })).toBeChecked();
    await expectSaved(page);

    // Reload: everything is still there.
    await page.reload();
    await expect(viewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await expect(finding).toHaveCount(1);
    await expect(page.getByTestId('finding-values')).toHaveText(`length ${mm.toFixed(1)} mm`);
    await expect(page.getByRole('radio', { name: 'Diagnostic', exact: true })).toBeChecked();
    await expect(finding.getByRole('radio', { name: 'High' })).toBeChecked();
    await expect(page.getByTestId('segment-volume-ventricles')).toHaveText(volume!);
    await expectSaved(page);
    once(await requested());

    // The DICOM header of the image on screen (de-identified), and a problem reported to the PM.
    await page.getByRole('button', { name: 'Header' }).click();
    const header = page.getByRole('dialog', { name: 'DICOM header' });
    await expect(header).toContainText('(0010,0010)');
    await expect(header).toContainText('PatientIdentityRemovedCSYES');
    await expect(header).not.toContainText('Rorden');
    await screenshot(page, 'reading-header');
    await header.getByRole('button', { name: 'Close' }).click();
    await page.getByText('Flag a problem…').click();
    await page.getByLabel('Problem', { exact: true }).selectOption('image_quality');
    await page.getByLabel('Problem note').fill('Motion at the vertex');
    await page.getByRole('button', { name: 'Send to the project manager' }).click();
    await expect(page.getByText('Sent. You can go on reading')).toBeVisible();
    expect(await db().caseFlag.findMany({ where: { assignmentId }, select: { kind: true, note: true } })).toEqual([{ kind: 'image_quality', note: 'Motion at the vertex' }]);

    // Offline: the edit is kept locally. Submit pressed meanwhile waits for it, and goes once the
    // network is back and the edit is stored; the read lands in the tables the agreement engine reads.
    await context.setOffline(true);
    await expect(page.getByRole('status', { name: 'Save status' })).toHaveAttribute('data-status', 'offline', { timeout: 20_000 });
    await page.getByLabel('Comment').fill('Written offline');
    await screenshot(page, 'reading-offline');
    await page.getByRole('button', { name: 'Submit and next' }).click();
    await expect(page.getByRole('button', { name: 'Submitting once saved…' })).toBeDisabled();
    expect((await db().assignment.findUniqueOrThrow({ where: { id: assignmentId } })).status).toBe('IN_PROGRESS');
    await context.setOffline(false);
    await expect(page).not.toHaveURL(new RegExp(assignmentId));
    const read = await db().read.findFirstOrThrow({ where: { assignmentId, supersededAt: null }, include: { answers: true, findings: true, masks: true } });
    expect(Object.fromEntries(read.answers.map((a) => [a.questionId, a.value]))).toEqual({ image_quality: 'diagnostic', atrophy: 'gca1', comment: 'Written offline' });
    expect(read.findings).toMatchObject([{ tool: 'length', kind: 'measurement', labelId: 'third_ventricle', attributes: { confidence: 'high' } }]);
    expect((read.findings[0]!.values as { value: number }[])[0]!.value).toBeCloseTo(mm, 1);
    expect(read.masks).toHaveLength(1);
    expect(read.masks[0]!).toMatchObject({ labelId: 'ventricles', dims: [expect.any(Number), expect.any(Number), 48] });
    expect(read.masks[0]!.voxelCount).toBeGreaterThan(50);

    // The PM opens the submitted read: everything is there, read-only.
    const pmContext = await browser.newContext({ baseURL: page.url().replace(/^(https?:\/\/[^/]+).*$/, '$1') });
    const pmPage = await pmContext.newPage();
    await signInViaApi(pmPage, { email: 'pm@demo-hospital.example', password: READER.password });
    await pmPage.goto(`/demo-hospital/read/${assignmentId}`);
    await expect(pmPage.getByText(/read by .+ · read-only/)).toBeVisible();
    await expect(pmPage.getByRole('status', { name: 'Save status' })).toHaveAttribute('data-status', 'read-only', { timeout: 20_000 });
    await expect(pmPage.getByTestId('finding-values')).toHaveText(`length ${mm.toFixed(1)} mm`);
    await expect(pmPage.getByRole('button', { name: 'Submit and next' })).toHaveCount(0);
    await expect(pmPage.getByRole('button', { name: 'Brush', exact: true })).toBeDisabled();
    await expect(pmPage.getByTestId('viewer')).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await expect(pmPage.getByTestId('segment-volume-ventricles')).toHaveText(volume!);
    await screenshot(pmPage, 'reading-pm-view');
    // The reader's flag is on the PM's case list, next to the read they can open.
    await pmPage.goto('/demo-hospital');
    await pmPage.getByRole('link', { name: 'Brain MR volumetry (demo)' }).click();
    await expect(pmPage.getByRole('note', { name: /Problem reported on/ })).toContainText('Image quality: Motion at the vertex');
    await expect(pmPage.getByRole('link', { name: /^View .+'s read of / }).first()).toBeVisible();
    await screenshot(pmPage, 'reading-pm-cases');
    await pmContext.close();
  });
});
