import { expect, screenshot, signInViaApi, test } from '../../fixtures/test';

const DEMO = { email: 'owner@demo-hospital.example', password: 'concord-demo-2026' };

test.describe('[AUTH]: sign-up, sign-in, sign-out', () => {
  test('a newcomer signs up, lands in their own organization, signs out and back in', async ({ page }) => {
    const email = `newcomer-${Date.now()}@example.test`;
    await page.goto('/sign-up');
    await page.getByLabel('Name').fill('Nora Newcomer');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Use at least 10 characters')).toBeVisible();
    await screenshot(page, 'sign-up-errors');

    await page.getByLabel('Password').fill('a proper passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page).toHaveURL(/\/nora-newcomer(-\d+)?$/);
    await expect(page.getByRole('heading', { name: "Nora Newcomer's workspace" })).toBeVisible();
    await expect(page.getByText('No projects yet')).toBeVisible();
    await screenshot(page, 'home-personal');

    const home = page.url();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto(home);
    await expect(page).toHaveURL(/\/sign-in\?next=/);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a proper passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/nora-newcomer(-\d+)?$/);
  });

  test('a duplicate email is refused on the field', async ({ page }) => {
    await page.goto('/sign-up');
    await page.getByLabel('Name').fill('Copy Cat');
    await page.getByLabel('Email').fill(DEMO.email);
    await page.getByLabel('Password').fill('another passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('An account with this email already exists')).toBeVisible();
  });

  test('a wrong password says so, without saying whether the account exists', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(DEMO.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('form [role=alert]')).toHaveText('Email or password is incorrect.');
    await screenshot(page, 'sign-in-error');
  });

  test('repeated failures lock the account with a clear message', async ({ page, seed }) => {
    const user = await seed.createUser();
    await page.goto('/sign-in');
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(`wrong guess ${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.locator('form [role=alert]')).toHaveText('Email or password is incorrect.');
    }
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('form [role=alert]')).toHaveText(/Too many failed sign-in attempts/);
    await expect(page).toHaveURL(/\/sign-in/);
  });
});

test.describe('[AUTH]: demo account and organizations', () => {
  test('the demo owner signs in, the page is cross-origin isolated, and switches organization', async ({ page }) => {
    await page.goto('/sign-in');
    await screenshot(page, 'sign-in');
    await page.getByLabel('Email').fill(DEMO.email);
    await page.getByLabel('Password').fill(DEMO.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/demo-hospital$/);
    await expect(page.getByRole('heading', { name: 'Demo Hospital' })).toBeVisible();
    expect(await page.evaluate(() => window.crossOriginIsolated)).toBe(true);
    await screenshot(page, 'home-demo-hospital');

    await page.getByRole('link', { name: 'Members' }).click();
    await expect(page.getByRole('table', { name: 'Members' })).toContainText('Rita Reader');
    await screenshot(page, 'members');

    await page.getByLabel('Organization', { exact: true }).selectOption({ label: 'Demo Research Lab' });
    await expect(page).toHaveURL(/\/demo-research-lab$/);
    await expect(page.getByRole('heading', { name: 'Demo Research Lab' })).toBeVisible();
    await expect(page.getByText('MEMBER', { exact: true })).toBeVisible();
    await screenshot(page, 'home-switched');
  });

  test('an account signed in through the API sees only its own organizations', async ({ page, seed }) => {
    const user = await seed.createUser({ name: 'Api User' });
    const org = await seed.createOrg({ name: 'Api Org', members: [{ user, role: 'ADMIN' }] });
    await signInViaApi(page, user);
    await page.goto('/');
    await expect(page).toHaveURL(new RegExp(`/${org.slug}$`));
    await expect(page.getByLabel('Organization', { exact: true }).locator('option')).toHaveText(['Api Org']);
  });
});
