import type { Locator, Page } from '@playwright/test';
import { dot } from '../../../server/contracts/vec3';
import { db } from '../../../server/db/client';
import { syntheticCtSeries } from '../../../server/testing/dicom';
import { drag, expect, expectSaved, readNewCase, readNewMrCase, screenshot, storedDoc, test } from '../../fixtures/test';

const SCHEMA = { questions: [], labels: [{ id: 'size', name: 'Size', color: '#f59e0b', kind: 'measurement', attributes: [] }, { id: 'lesion', name: 'Lesion box', color: '#a855f7', kind: 'box', attributes: [] }] };

const sub = (a: number[], b: number[]) => [a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!];

/** A vertical line through the middle of a view (the MR's 48 sagittal slices are a narrow band of the axial and coronal views). */
async function drawDown(page: Page, view: Locator) {
  const b = (await view.boundingBox())!;
  await drag(page, [b.x + b.width / 2, b.y + b.height / 2 - 40], [b.x + b.width / 2, b.y + b.height / 2 + 30]);
}

/** The lengths a view draws (their text boxes' value lines). */
const lengthsIn = (view: Locator) => view.locator('svg text tspan').filter({ hasText: /^[\d.]+ mm$/ });

test.describe('[READING]: findings in the MPR views', () => {
  test('a reader measures in the axial and coronal reconstructions of a sagittal MR: each finding keeps its plane, can be selected there, deleted and brought back by undo, shows only where that plane is on screen, survives a reload and is submitted into the read tables; a box cannot be drawn there', async ({ page, seed }) => {
    test.setTimeout(180_000);
    const { projectId } = await readNewMrCase(page, seed, { name: 'MPR findings', slices: [64, 112], labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '48', { timeout: 60_000 });
    const stack = page.getByLabel('Image viewport');
    const tools = page.getByRole('toolbar', { name: 'Annotation tools' });
    const findings = page.getByTestId('finding');
    const group = (name: string) => page.getByRole('group', { name: `${name} reconstruction` });
    const [axial, coronal] = [group('Axial').getByLabel('Axial view'), group('Coronal').getByLabel('Coronal view')];

    await stack.focus();
    await page.keyboard.press('m');
    for (const name of ['Axial', 'Sagittal', 'Coronal']) await expect(group(name)).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await page.getByLabel('Active label').selectOption({ label: 'Size (measurement)' });
    await tools.getByRole('button', { name: 'Length', exact: true }).click();

    // With a finding tool chosen, a drag in a reconstruction draws instead of moving the crosshairs.
    const slice = await viewer.getAttribute('data-slice');
    await drawDown(page, axial);
    await expect(findings).toHaveCount(1);
    await expect(lengthsIn(axial)).toHaveCount(1);
    await drawDown(page, coronal);
    await expect(findings).toHaveCount(2);
    await expect(viewer).toHaveAttribute('data-slice', slice!);
    await expect(page.getByTestId('finding-plane')).toHaveText([' · axial MPR', ' · coronal MPR']);
    // Neither lies in the stack's (sagittal) images, so the stack draws neither.
    await expect(lengthsIn(stack)).toHaveCount(0);
    await expectSaved(page);
    await screenshot(page, 'reading-mpr-findings');

    // Stored with their planes, not an image: the points lie in the plane, and the value is their distance.
    const stored = (await storedDoc(projectId)).findings;
    expect(stored.map((f) => f.image)).toEqual([undefined, undefined]);
    const [onAxial, onCoronal] = stored;
    for (const [f, axis] of [[onAxial!, 2], [onCoronal!, 1]] as const) {
      expect(Math.abs(f.plane!.normal[axis])).toBeCloseTo(1, 6);
      expect(dot(sub(f.points[1]!, f.points[0]!), f.plane!.normal)).toBeCloseTo(0, 3);
      const mm = Math.hypot(...sub(f.points[1]!, f.points[0]!));
      expect(f.values).toEqual([{ name: 'length', value: expect.closeTo(mm, 2), unit: 'mm' }]);
      expect(mm).toBeGreaterThan(20);
      expect(f.labelId).toBe('size');
    }

    // Selected in its view, a finding is deleted with Delete; undo brings it back there.
    const a = (await axial.boundingBox())!;
    await page.mouse.click(a.x + a.width / 2, a.y + a.height / 2);
    // Cornerstone holds a click back for 400 ms (it may be the start of a double click): it selects after that.
    await page.waitForTimeout(600);
    // The panel marks the finding selected in the viewer.
    await expect(findings.first()).toHaveAttribute('data-selected', 'true');
    await expect(findings.nth(1)).not.toHaveAttribute('data-selected');
    await page.keyboard.press('Delete');
    await expect(findings).toHaveCount(1);
    await expect(lengthsIn(axial)).toHaveCount(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(findings).toHaveCount(2);
    await expect(lengthsIn(axial)).toHaveCount(1);

    // A length on the stack's image stays on it: the reconstructions (not through that image's plane) do not draw it.
    await drawDown(page, stack);
    await expect(findings).toHaveCount(3);
    await expect(lengthsIn(stack)).toHaveCount(1);
    await expect(lengthsIn(axial)).toHaveCount(1);
    await expectSaved(page);

    // Drawn again from the stored document after a reload, where they were.
    await page.reload();
    await expect(viewer).toHaveAttribute('data-loaded', '48', { timeout: 60_000 });
    await expect(findings).toHaveCount(3);
    await stack.focus();
    await page.keyboard.press('m');
    await expect(group('Axial')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(lengthsIn(axial)).toHaveCount(1);
    await expect(lengthsIn(coronal)).toHaveCount(1);
    await expect(lengthsIn(stack)).toHaveCount(1);

    // Boxes belong to acquired images: with the box tool the reconstructions keep the crosshairs, and a drag there draws nothing.
    await page.getByLabel('Active label').selectOption({ label: 'Lesion box (box)' });
    await tools.getByRole('button', { name: 'Box', exact: true }).click();
    await drawDown(page, coronal);
    await page.waitForTimeout(500);
    await expect(findings).toHaveCount(3);

    await page.getByRole('button', { name: 'Submit and next' }).click();
    await expect.poll(async () => (await db().read.findFirst({ where: { projectId }, include: { findings: true } }))?.findings.length ?? 0, { timeout: 20_000 }).toBe(3);
    const rows = (await db().finding.findMany({ where: { read: { projectId } } })).sort((a, b) => (a.sopUid ?? '').localeCompare(b.sopUid ?? ''));
    expect(rows.map((r) => [r.sopUid === null, r.frame === null, r.plane === null])).toEqual([
      [true, true, false],
      [true, true, false],
      [false, false, true],
    ]);
    expect(rows.filter((r) => r.plane).map((r) => (r.plane as { normal: number[] }).normal).sort()).toEqual([onAxial!.plane!.normal, onCoronal!.plane!.normal].sort());
  });

  test('the findings panel brings a finding on screen, selected: a stack finding on its image, an MPR finding in the reconstructions centred on its plane', async ({ page, seed }) => {
    test.setTimeout(150_000);
    await readNewMrCase(page, seed, { name: 'Show findings', slices: [64, 112], labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '48', { timeout: 60_000 });
    const stack = page.getByLabel('Image viewport');
    const findings = page.getByTestId('finding');
    const group = (name: string) => page.getByRole('group', { name: `${name} reconstruction` });
    const [axial, coronal] = [group('Axial').getByLabel('Axial view'), group('Coronal').getByLabel('Coronal view')];
    await page.getByLabel('Active label').selectOption({ label: 'Size (measurement)' });

    // A length on the stack's image, and one in the coronal view moved off the volume's centre
    // (where the views open): the crosshairs' centre is moved with a click in the axial view first.
    await stack.focus();
    await page.keyboard.press('l');
    await drawDown(page, stack);
    await expect(findings).toHaveCount(1);
    const drawnOn = (await viewer.getAttribute('data-slice'))!;
    await page.keyboard.press('m');
    for (const name of ['Axial', 'Coronal']) await expect(group(name)).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await page.keyboard.press('w');
    const a = (await axial.boundingBox())!;
    await page.mouse.click(a.x + a.width / 2 - 12, a.y + a.height / 2 - 50);
    // Also to another sagittal slice: the stack follows once cornerstone has taken the click.
    await expect(viewer).not.toHaveAttribute('data-slice', drawnOn);
    await page.keyboard.press('l');
    await drawDown(page, coronal);
    await expect(findings).toHaveCount(2);
    await expectSaved(page);

    // MPR closed, the stack at its last image: neither is on screen.
    await page.keyboard.press('m');
    await expect(group('Coronal')).toHaveCount(0);
    await page.keyboard.press('End');
    await expect(viewer).toHaveAttribute('data-slice', '47');
    await expect(lengthsIn(stack)).toHaveCount(0);

    // Shown, the stack's length is on its image again and selected: Delete removes it, and only it.
    await page.getByRole('button', { name: 'Show finding 1' }).click();
    await expect(viewer).toHaveAttribute('data-slice', drawnOn);
    await expect(lengthsIn(stack)).toHaveCount(1);
    await expect(findings.first()).toHaveAttribute('data-selected', 'true');
    await page.keyboard.press('Delete');
    await expect(findings).toHaveCount(1);
    await expect(page.getByTestId('finding-plane')).toHaveText(' · coronal MPR');

    // Shown, the coronal length opens the reconstructions, the coronal view at its depth, and is selected there.
    await page.getByRole('button', { name: 'Show finding 1' }).click();
    await expect(group('Coronal')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect(lengthsIn(coronal)).toHaveCount(1);
    await page.waitForTimeout(1000); // the views draw on the next animation frames
    await screenshot(page, 'reading-show-finding');
    await page.keyboard.press('Delete');
    await expect(findings).toHaveCount(0);
    await expect(lengthsIn(coronal)).toHaveCount(0);
  });

  test('on an axial CT, a length drawn in the axial reconstruction lies on an acquired image: it is kept on that image and the stack draws it too', async ({ page, seed }) => {
    test.setTimeout(120_000);
    const files = syntheticCtSeries(9);
    const { projectId } = await readNewCase(page, seed, { name: 'MPR on CT', modality: 'CT', files, labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '9', { timeout: 60_000 });
    const stack = page.getByLabel('Image viewport');
    const axial = page.getByRole('group', { name: 'Axial reconstruction' });
    await stack.focus();
    await page.keyboard.press('m');
    await expect(axial).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await page.getByLabel('Active label').selectOption({ label: 'Size (measurement)' });
    await page.getByRole('toolbar', { name: 'Annotation tools' }).getByRole('button', { name: 'Length', exact: true }).click();
    await drawDown(page, axial.getByLabel('Axial view'));
    await expect(page.getByTestId('finding')).toHaveCount(1);
    await expect(page.getByTestId('finding-plane')).toHaveCount(0);
    await expect(lengthsIn(stack)).toHaveCount(1);
    await expectSaved(page);
    const [f] = (await storedDoc(projectId)).findings;
    const slice = Number(await viewer.getAttribute('data-slice'));
    expect(f!.plane).toBeUndefined();
    // The image of the stack's slice through the crosshairs (the middle one: file i lies at z = -0.625 i), and the points in its plane.
    expect(f!.image).toMatchObject({ frame: 1 });
    const image = await db().instance.findFirstOrThrow({ where: { sopInstanceUid: f!.image!.sopUid } });
    expect(image.imagePosition[2]).toBeCloseTo(-0.625 * slice, 3);
    expect(f!.points.every((p) => Math.abs(p[2] - image.imagePosition[2]!) < 1e-3)).toBe(true);
  });
});
