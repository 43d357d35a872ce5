import type { Browser, Page } from '@playwright/test';
import { db } from '../../../server/db/client';
import { expect, openNoduleAdjudication, screenshot, signInViaApi, test } from '../../fixtures/test';

const PASSWORD = 'concord-demo-2026';
const LEAD = { email: 'lead@demo-hospital.example', password: PASSWORD };
const RITA = { email: 'reader1@demo-hospital.example', password: PASSWORD };
const RAVI = { email: 'reader2@demo-hospital.example', password: PASSWORD };

async function signedIn(browser: Browser, baseURL: string, user: typeof LEAD) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signInViaApi(page, user);
  return page;
}

const table = (p: Page) => p.getByRole('table', { name: 'Compare the reads' }).getByRole('row', { name: /Nodule/ }).getByRole('cell');

test.describe('[ADJUDICATION]: adjudicating together', () => {
  test('a lead invites a reader: she joins live under an alias, they see each other and each other’s edits, she follows him; an uninvited reader is refused', async ({ page, browser }) => {
    test.setTimeout(180_000);
    await signInViaApi(page, LEAD);
    await openNoduleAdjudication(page);
    const leadViewer = page.getByRole('group', { name: 'Consensus' }).getByTestId('viewer');
    await expect(leadViewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 }); // the first opening of the case loads its images cold
    const adjudication = page.url();
    await page.getByRole('region', { name: 'Invite readers' }).getByRole('button', { name: 'Invite Rita Reader' }).click();
    await expect(page.getByRole('region', { name: 'Invite readers' }).getByRole('button', { name: 'Uninvite Rita Reader' })).toBeVisible();

    // Rita finds the invitation on her home page and joins; the other readers are aliases to her.
    const baseURL = adjudication.replace(/^(https?:\/\/[^/]+).*$/, '$1');
    const rita = await signedIn(browser, baseURL, RITA);
    await rita.goto('/demo-hospital');
    await rita.getByRole('region', { name: 'Invited to adjudicate' }).getByRole('link', { name: /^Join / }).click();
    await expect(rita).toHaveURL(adjudication);
    const ritaViewer = rita.getByRole('group', { name: 'Consensus' }).getByTestId('viewer');
    await expect(ritaViewer).toHaveAttribute('data-segments-ready', 'yes', { timeout: 60_000 });
    await expect(rita.getByRole('status', { name: 'Save status' })).toHaveAttribute('data-status', 'saved');
    await expect(rita.getByRole('group', { name: 'Reads shown over the image' })).toHaveText(/Rita Reader \(you\).*Reader B.*Reader C/);
    await expect(rita.getByText(/Ravi Reader|Rosa Reader/)).toHaveCount(0);
    await expect(rita.getByRole('button', { name: 'Finalize' })).toHaveCount(0);
    await expect(rita.getByRole('group', { name: 'Here now' })).toContainText('Leo Lead');
    await expect(page.getByRole('group', { name: 'Here now' })).toContainText('Rita Reader');
    await screenshot(page, 'adjudication-lead-invites');

    // Her edit reaches the lead; his reaches her.
    await rita.getByRole('button', { name: 'Take Reader B’s Nodule mask' }).click();
    const readerB = (await table(rita).nth(2).innerText()).split(' px')[0]!;
    await expect(table(rita).last()).toHaveText(`${readerB} px`);
    await expect(table(page).last()).toHaveText(`${readerB} px`);
    await page.getByRole('button', { name: 'Take Rosa Reader’s Nodule mask' }).click();
    const rosa = (await table(page).nth(3).innerText()).split(' px')[0]!;
    await expect(table(rita).last()).toHaveText(`${rosa} px`);

    // Her comment reaches the lead at once (the document carries the notice; no polling wait).
    const comment = rita.getByRole('form', { name: 'New comment' });
    await comment.getByLabel('Comment').fill('Reader B outlined more of the solid part.');
    await comment.getByRole('button', { name: 'Comment' }).click();
    await expect(page.getByRole('region', { name: 'Discussion' })).toContainText('Reader B outlined more of the solid part.');

    // She follows the lead: where he goes, her viewer goes.
    await rita.getByRole('group', { name: 'Here now' }).getByRole('button', { name: 'Follow' }).click();
    await page.getByRole('group', { name: 'Consensus' }).getByRole('slider', { name: 'Slice' }).fill('1');
    await expect(leadViewer).toHaveAttribute('data-slice', '1');
    await expect(ritaViewer).toHaveAttribute('data-slice', '1');
    await screenshot(rita, 'adjudication-invited-reader');

    // Ravi was not invited: no invitation, and the case's adjudication and its document refuse him.
    const ravi = await signedIn(browser, baseURL, RAVI);
    await ravi.goto('/demo-hospital');
    await expect(ravi.getByRole('region', { name: 'Invited to adjudicate' })).toHaveCount(0);
    await ravi.goto(new URL(adjudication).pathname);
    await expect(ravi.getByText(/^Only leads, managers and readers a lead has invited/)).toBeVisible();
    // Nor does he open Rita's read.
    const ritaUser = await db().user.findUniqueOrThrow({ where: { email: RITA.email } });
    const caseId = adjudication.split('/').pop()!;
    const ritas = await db().assignment.findFirstOrThrow({ where: { caseId, readerId: ritaUser.id } });
    await ravi.goto(`/demo-hospital/read/${ritas.id}`);
    await expect(ravi.getByText(/not found/i)).toBeVisible();

    // Uninvited, Rita's next edit is refused and her view says so.
    await page.getByRole('region', { name: 'Invite readers' }).getByRole('button', { name: 'Uninvite Rita Reader' }).click();
    await expect(page.getByRole('region', { name: 'Invite readers' }).getByRole('button', { name: 'Invite Rita Reader' })).toBeVisible();
    await rita.getByRole('button', { name: 'Take Rita Reader (you)’s Nodule mask' }).click();
    await expect(rita.getByText(/^Your last edit was not kept/)).toBeVisible();
    await expect(rita.getByRole('status', { name: 'Save status' })).not.toHaveAttribute('data-status', 'saved');
    await expect(table(page).last()).toHaveText(`${rosa} px`);
  });
});
