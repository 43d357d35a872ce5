import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { FIXTURES, filesIn, pixelAt } from '../../../server/testing/dicom';
import { drag, expect, expectSaved, readNewMrCase, screenshot, storedDoc, test } from '../../fixtures/test';

const SLICES: [number, number] = [84, 95];

const SCHEMA = {
  questions: [],
  labels: [
    { id: 'size', name: 'Size', color: '#f59e0b', kind: 'measurement', attributes: [] },
    { id: 'lesion', name: 'Lesion box', color: '#a855f7', kind: 'box', attributes: [] },
    { id: 'mark', name: 'Landmark', color: '#22c55e', kind: 'point', attributes: [] },
    { id: 'outline', name: 'Outline', color: '#38bdf8', kind: 'contour', attributes: [] },
  ],
};

type Gesture = (page: Page, at: [number, number]) => Promise<void>;
const dragAcross: Gesture = (page, [x, y]) => drag(page, [x - 30, y - 20], [x + 30, y + 20]);
const click: Gesture = (page, [x, y]) => page.mouse.click(x, y);
/** A click at each point: the mouse moves between them, as a hand does. */
const clicks = async (page: Page, points: (readonly [number, number])[]) => {
  for (const [px, py] of points) {
    await page.mouse.move(px, py, { steps: 5 });
    await page.mouse.down();
    await page.mouse.up();
  }
};
/** An arrow dragged to its tip, its text typed into the prompt; then a double click on it changes the text. */
const arrow: Gesture = async (page, [x, y]) => {
  page.once('dialog', (d) => d.accept('rim'));
  await drag(page, [x - 40, y - 30], [x, y]);
  await expect(page.getByTestId('finding-values').filter({ hasText: '“rim”' })).toHaveCount(1);
  await expectSaved(page);
  page.once('dialog', (d) => d.accept('rim edge'));
  await page.mouse.dblclick(x - 20, y - 15);
};
/** A freehand outline: a circle traced with the button held, ending where it began (which closes it). */
const trace: Gesture = async (page, [x, y]) => {
  await page.mouse.move(x + 30, y);
  await page.mouse.down();
  for (let a = 0; a <= 36; a++) await page.mouse.move(x + 30 * Math.cos((a * Math.PI) / 18), y + 30 * Math.sin((a * Math.PI) / 18));
  await page.mouse.up();
};
/** A spline through four clicked points, closed by a click on the first. */
const spline: Gesture = (page, [x, y]) => clicks(page, [[x - 30, y], [x, y - 30], [x + 30, y], [x, y + 30], [x - 30, y]]);
/** An angle as readers draw it: a click at each of its three points, the mouse moving between them. */
const angle: Gesture = (page, [x, y]) => clicks(page, [[x - 30, y], [x, y - 30], [x + 30, y]]);

/** Each tool, the label it is drawn with, how it is drawn, and the values its finding must show. */
const TOOLS: { button: string; tool: string; label: string; draw: Gesture; values: RegExp }[] = [
  { button: 'Bidirectional', tool: 'bidirectional', label: 'Size', draw: dragAcross, values: /^long axis [\d.]+ mm · short axis [\d.]+ mm$/ },
  { button: 'Angle', tool: 'angle', label: 'Size', draw: angle, values: /^angle [\d.]+ deg$/ },
  { button: 'Rectangle ROI', tool: 'rectangleRoi', label: 'Size', draw: dragAcross, values: /^area [\d.]+ mm² · mean [\d.]+ *· sd [\d.]+ *$/ },
  { button: 'Ellipse ROI', tool: 'ellipseRoi', label: 'Size', draw: dragAcross, values: /^area [\d.]+ mm² · mean [\d.]+ *· sd [\d.]+ *$/ },
  { button: 'Box', tool: 'box', label: 'Lesion box', draw: dragAcross, values: /^area [\d.]+ mm²$/ },
  { button: 'Point', tool: 'point', label: 'Landmark', draw: click, values: /^value [\d.]+ *$/ },
  { button: 'Arrow', tool: 'arrow', label: 'Landmark', draw: arrow, values: /^\s*“rim edge”$/ },
  { button: 'Freehand', tool: 'freehand', label: 'Outline', draw: trace, values: /^area [\d.]+ mm² · mean [\d.]+ *· sd [\d.]+ *$/ },
  // Cornerstone's spline reports its area only (as in OHIF).
  { button: 'Spline', tool: 'spline', label: 'Outline', draw: spline, values: /^area [\d.]+ mm²$/ },
];

test.describe('[READING]: the finding tools', () => {
  test('each tool draws a finding with its values under the active label, listed in drawing order; after a reload every finding is there, in that order, with the same values', async ({ page, seed }) => {
    test.setTimeout(180_000);
    const { projectId } = await readNewMrCase(page, seed, { name: 'Every tool', slices: SLICES, labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '11', { timeout: 60_000 });
    const frame = (await page.getByLabel('Image viewport').boundingBox())!;
    const tools = page.getByRole('toolbar', { name: 'Annotation tools' });
    const findings = page.getByTestId('finding');

    // Each tool on an image of its own, in the head: no gesture starts on an earlier finding's handles
    // or text box (a drag there moves the text box), and none reaches off the image (no ROI values there).
    const spot: [number, number] = [frame.x + frame.width * 0.5, frame.y + frame.height * 0.4];
    const viewport = page.getByLabel('Image viewport');
    await viewport.focus();
    await page.keyboard.press('Home');
    for (const [i, t] of TOOLS.entries()) {
      await viewport.focus();
      if (i > 0) await page.keyboard.press('ArrowDown');
      await expect(viewer).toHaveAttribute('data-slice', String(i));
      await page.getByLabel('Active label').selectOption({ label: `${t.label} (${SCHEMA.labels.find((l) => l.name === t.label)!.kind})` });
      await tools.getByRole('button', { name: t.button, exact: true }).click();
      await expect(tools.getByRole('button', { name: t.button, exact: true })).toHaveAttribute('aria-pressed', 'true');
      await t.draw(page, spot);
      await expect(findings).toHaveCount(i + 1);
      const finding = findings.filter({ has: page.getByRole('strong').filter({ hasText: new RegExp(`^\\d+\\. ${t.tool}$`) }) });
      await expect(finding.getByTestId('finding-values')).toHaveText(t.values);
      await expect(finding.getByLabel(/^Label of finding/)).toHaveValue(SCHEMA.labels.find((l) => l.name === t.label)!.id);
      // On the image, its text box leads with the label's name (an arrow's is its own text).
      const firstLines = page.getByLabel('Image viewport').locator('svg text tspan:first-child');
      await expect(firstLines.filter({ hasText: new RegExp(`^${t.tool === 'arrow' ? 'rim edge' : t.label}$`) })).toHaveCount(1);
      await expectSaved(page);
      await screenshot(page, `reading-tool-${t.tool}`);
    }
    // Listed in the order drawn: a finding keeps its number as more are drawn.
    const order = TOOLS.map((t, i) => `${i + 1}. ${t.tool}`);
    await expect(findings.getByRole('strong')).toHaveText(order);
    const values = await page.getByTestId('finding-values').allTextContents();

    // The point's value is the pixel under it on the image it was placed on, read from the DICOM file.
    // Placed at the viewport's centre, it sits on a pixel's edge: the value must be that of the stored point.
    const point = (await storedDoc(projectId)).findings.find((f) => f.tool === 'point')!;
    const under = filesIn(FIXTURES.mrSeries).slice(...SLICES).map((f) => pixelAt(fs.readFileSync(f), point.points[0]!)).filter((p) => Math.abs(p.distance) < 0.01);
    expect(under).toHaveLength(1);
    expect(point.values).toEqual([{ name: 'value', value: under[0]!.value, unit: '' }]);

    // Drawn again from the stored document, each finding keeps its values: redrawing is not an edit.
    await page.reload();
    await expect(viewer).toHaveAttribute('data-loaded', '11', { timeout: 60_000 });
    await expect(findings).toHaveCount(TOOLS.length);
    await expect(findings.getByRole('strong')).toHaveText(order);
    await expect(page.getByTestId('finding-values')).toHaveText(values);
    await expectSaved(page);
  });
});
