import { expect, signInViaApi, test } from '../../fixtures/test';

test.describe('[SECURITY]: tenant isolation over HTTP', () => {
  test('another organization is not found, in pages and in the API', async ({ page, seed }) => {
    const owner = await seed.createUser();
    const outsider = await seed.createUser();
    const org = await seed.createOrg({ members: [{ user: owner, role: 'OWNER' }] });
    await seed.createOrg({ members: [{ user: outsider, role: 'OWNER' }] });

    await signInViaApi(page, outsider);
    const pageResponse = await page.goto(`/${org.slug}`);
    expect(pageResponse?.status()).toBe(404);

    const input = encodeURIComponent(JSON.stringify({ json: { orgSlug: org.slug } }));
    const api = await page.request.get(`/api/trpc/org.members?input=${input}`);
    expect(api.status()).toBe(404);
    const body = (await api.json()) as { error: { json: { data: { userMessage: string; stack?: unknown } } } };
    expect(body.error.json.data.userMessage).toBe('Organization not found');
    expect(body.error.json.data.stack).toBeUndefined();
  });

  test('without a session the API answers 401 and pages redirect to sign-in', async ({ page }) => {
    const api = await page.request.get('/api/trpc/org.mine');
    expect(api.status()).toBe(401);
    await page.goto('/demo-hospital');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fdemo-hospital|\/sign-in\?next=\/demo-hospital/);
  });

  test('a forged session cookie is no session', async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'next-auth.session-token', value: 'forged.token.value', url: baseURL! }]);
    const api = await page.request.get('/api/trpc/user.me');
    expect(api.status()).toBe(401);
  });

  test('every response carries the cross-origin isolation headers', async ({ page }) => {
    for (const url of ['/sign-in', '/api/health']) {
      const res = await page.request.get(url);
      expect(res.headers()['cross-origin-opener-policy']).toBe('same-origin');
      expect(res.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    }
    await page.goto('/sign-in');
    const asset = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.includes('/_next/static/')));
    expect(asset).toBeTruthy();
    const res = await page.request.get(asset!);
    expect(res.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  });
});
