import type { Page } from '@playwright/test';
import { drag, expect, expectSaved, readNewMrCase, screenshot, test } from '../../fixtures/test';

const SCHEMA = {
  questions: [],
  labels: [
    { id: 'size', name: 'Size', color: '#f59e0b', kind: 'measurement', attributes: [] },
    { id: 'lesion', name: 'Lesion box', color: '#a855f7', kind: 'box', attributes: [] },
  ],
};

type Gesture = (page: Page, at: [number, number]) => Promise<void>;
const dragAcross: Gesture = (page, [x, y]) => drag(page, [x - 30, y - 20], [x + 30, y + 20]);
/** An angle as readers draw it: a click at each of its three points, the mouse moving between them. */
const angle: Gesture = async (page, [x, y]) => {
  for (const [px, py] of [[x - 30, y], [x, y - 30], [x + 30, y]] as const) {
    await page.mouse.move(px, py, { steps: 5 });
    await page.mouse.down();
    await page.mouse.up();
  }
};

/** Each tool, the label it is drawn with, how it is drawn, and the values its finding must show. */
const TOOLS: { button: string; tool: string; label: string; draw: Gesture; values: RegExp }[] = [
  { button: 'Bidirectional', tool: 'bidirectional', label: 'Size', draw: dragAcross, values: /^long axis [\d.]+ mm · short axis [\d.]+ mm$/ },
  { button: 'Angle', tool: 'angle', label: 'Size', draw: angle, values: /^angle [\d.]+ deg$/ },
  { button: 'Rectangle ROI', tool: 'rectangleRoi', label: 'Size', draw: dragAcross, values: /^area [\d.]+ mm² · mean [\d.]+ *· sd [\d.]+ *$/ },
  { button: 'Ellipse ROI', tool: 'ellipseRoi', label: 'Size', draw: dragAcross, values: /^area [\d.]+ mm² · mean [\d.]+ *· sd [\d.]+ *$/ },
  { button: 'Box', tool: 'box', label: 'Lesion box', draw: dragAcross, values: /^area [\d.]+ mm²$/ },
];

test.describe('[READING]: the measurement and box tools', () => {
  test('each tool draws a finding with its values under the active label; after a reload every finding is there with the same values', async ({ page, seed }) => {
    test.setTimeout(180_000);
    await readNewMrCase(page, seed, { name: 'Every tool', slices: [86, 93], labelSchema: SCHEMA });
    const viewer = page.getByTestId('viewer');
    await expect(viewer).toHaveAttribute('data-loaded', '7', { timeout: 60_000 });
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
      await expectSaved(page);
      await screenshot(page, `reading-tool-${t.tool}`);
    }
    const values = await page.getByTestId('finding-values').allTextContents();

    // Drawn again from the stored document, each finding keeps its values: redrawing is not an edit.
    await page.reload();
    await expect(viewer).toHaveAttribute('data-loaded', '7', { timeout: 60_000 });
    await expect(findings).toHaveCount(TOOLS.length);
    await expect(page.getByTestId('finding-values')).toHaveText(values);
    await expectSaved(page);
  });
});
