/**
 * The page shell: language negotiation, the header's language/theme form, security headers,
 * and privacy (a page never makes a request to another origin).
 */
import { expect, test, type Page } from '@playwright/test';
import { E2E_URL, signUp } from './helpers.ts';

test('the language follows Accept-Language', async ({ browser }) => {
	const en = await browser.newContext({ locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en-GB,en;q=0.9' } });
	const page = await en.newPage();
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.locator('a.skip')).toHaveText('Skip to content');
	await expect(page.locator('header a[href="/login"]')).toHaveText('Log in');
	await en.close();

	const fr = await browser.newContext({ locale: 'fr-FR', extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' } });
	const page2 = await fr.newPage();
	await page2.goto('/');
	await expect(page2.locator('html')).toHaveAttribute('lang', 'fr');
	await fr.close();
});

test('the header form switches language and theme, and the choice persists', async ({ browser }) => {
	const context = await browser.newContext({ extraHTTPHeaders: { 'accept-language': 'fr-FR,fr;q=0.9' } });
	const page = await context.newPage();
	await page.goto('/login');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');

	const prefs = page.locator('header form[action="/preferences"]');
	await prefs.locator('select[name="locale"]').selectOption('en');
	await prefs.locator('select[name="theme"]').selectOption('dark');
	await Promise.all([page.waitForURL((u) => u.pathname === '/login'), prefs.locator('button').click()]);
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await expect(page.locator('main h1')).toHaveText('Log in');

	// Persists on other pages and after a reload.
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(prefs.locator('select[name="locale"]')).toHaveValue('en');
	await expect(prefs.locator('select[name="theme"]')).toHaveValue('dark');

	// And back.
	await prefs.locator('select[name="locale"]').selectOption('fr');
	await prefs.locator('select[name="theme"]').selectOption('light');
	await Promise.all([page.waitForURL((u) => u.pathname === '/'), prefs.locator('button').click()]);
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
	await context.close();
});

test('security headers', async ({ page }) => {
	const response = await page.goto('/');
	const h = response!.headers();
	const csp = h['content-security-policy'] ?? '';
	const directives = new Map(
		csp
			.split(';')
			.map((d) => d.trim().split(/\s+/))
			.filter((d) => d[0])
			.map(([name, ...values]) => [name!, values])
	);
	expect(directives.get('script-src'), `script-src in "${csp}"`).toContain("'self'");
	expect(directives.get('script-src'), `script-src in "${csp}"`).not.toContain("'unsafe-inline'");
	expect(directives.get('frame-ancestors'), `frame-ancestors in "${csp}"`).toEqual(["'none'"]);
	expect(h['referrer-policy']).toBeTruthy();
	expect(h['x-content-type-options']).toBe('nosniff');
});

/** Loads a page and returns every request it made that is not to the instance itself. */
async function foreignRequests(page: Page, path: string): Promise<string[]> {
	const seen: string[] = [];
	const record = (r: import('@playwright/test').Request) => void seen.push(r.url());
	page.on('request', record);
	await page.goto(path, { waitUntil: 'networkidle' });
	page.off('request', record);
	expect(seen.length, `${path} made requests`).toBeGreaterThan(0);
	return seen.filter((url) => !url.startsWith('data:') && new URL(url).origin !== E2E_URL);
}

test('privacy: pages only ever ask the instance itself', async ({ browser }) => {
	const anonymous = await browser.newContext();
	const page = await anonymous.newPage();
	for (const path of ['/', '/login', '/signup']) {
		expect(await foreignRequests(page, path), `requests from ${path} to other origins`).toEqual([]);
	}
	await anonymous.close();

	const loggedIn = await browser.newContext();
	const page2 = await loggedIn.newPage();
	await signUp(page2);
	for (const path of ['/account', '/']) {
		expect(await foreignRequests(page2, path), `requests from ${path} (logged in) to other origins`).toEqual([]);
	}
	await loggedIn.close();
});
