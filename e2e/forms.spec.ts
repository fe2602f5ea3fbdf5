/**
 * Forms fail well: messages next to the fields and tied to them, a summary, what was typed
 * kept (never the password), a 4xx status; unknown URLs give a real 404 page.
 */
import { expect, test, type Page } from '@playwright/test';
import { newPerson, signUp, type Person } from './helpers.ts';

const isPost = (path: string) => (r: import('@playwright/test').Response) =>
	r.request().method() === 'POST' && new URL(r.url()).pathname === path;

async function submitSignUp(page: Page, p: Person) {
	await page.goto('/signup');
	await page.locator('#f-name').fill(p.name);
	await page.locator('#f-handle').fill(p.handle);
	await page.locator('#f-email').fill(p.email);
	await page.locator('#f-password').fill(p.password);
	const [response] = await Promise.all([
		page.waitForResponse(isPost('/signup')),
		page.locator('main form button').last().click()
	]);
	return response;
}

/** The field is marked invalid, its message is shown and named by aria-describedby. */
async function expectFieldError(page: Page, field: string) {
	const input = page.locator(`#f-${field}`);
	await expect(input, `#f-${field} is marked invalid`).toHaveAttribute('aria-invalid', 'true');
	const describedBy = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
	const messages = [];
	for (const id of describedBy) {
		const el = page.locator(`[id="${id}"]`);
		if ((await el.count()) && (await el.getAttribute('class'))?.includes('error')) messages.push(el);
	}
	expect(messages.length, `#f-${field} aria-describedby (${describedBy.join(' ')}) names its error message`).toBe(1);
	await expect(messages[0]!).toBeVisible();
	await expect(messages[0]!).not.toBeEmpty();
	// The summary at the top of the form links to the field.
	await expect(page.locator(`[role="alert"] a[href="#f-${field}"]`)).toBeVisible();
}

test('sign-up with an invalid email and a short password', async ({ page }) => {
	const p = newPerson({ email: 'not-an-email', password: 'short' });
	const response = await submitSignUp(page, p);
	expect([400, 409, 422]).toContain(response.status());

	await expect(page.locator('[role="alert"]')).toBeVisible();
	await expectFieldError(page, 'email');
	await expectFieldError(page, 'password');
	await expect(page.locator('[aria-invalid="true"]')).toHaveCount(2);

	// What was typed is kept, except the password.
	await expect(page.locator('#f-name')).toHaveValue(p.name);
	await expect(page.locator('#f-handle')).toHaveValue(p.handle);
	await expect(page.locator('#f-email')).toHaveValue(p.email);
	await expect(page.locator('#f-password')).toHaveValue('');
});

test('sign-up with a handle already taken', async ({ browser }) => {
	const first = await browser.newContext();
	const taken = await signUp(await first.newPage());
	await first.close();

	const context = await browser.newContext();
	const page = await context.newPage();
	const p = newPerson({ handle: taken.handle, email: `other_${taken.handle}@example.org` });
	const response = await submitSignUp(page, p);
	expect([400, 409, 422]).toContain(response.status());

	await expect(page.locator('[role="alert"]')).toBeVisible();
	await expectFieldError(page, 'handle');
	await expect(page.locator('#f-name')).toHaveValue(p.name);
	await expect(page.locator('#f-handle')).toHaveValue(p.handle);
	await expect(page.locator('#f-email')).toHaveValue(p.email);
	await expect(page.locator('#f-password')).toHaveValue('');
	await context.close();
});

test('log-in with a wrong password shows one message, and no server error', async ({ browser }) => {
	const setup = await browser.newContext();
	const person = await signUp(await setup.newPage());
	await setup.close();

	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/login');
	await page.locator('#f-email').fill(person.email);
	await page.locator('#f-password').fill('this is not the right password');
	const [response] = await Promise.all([
		page.waitForResponse(isPost('/login')),
		page.locator('main form button').last().click()
	]);
	expect(response.status()).toBeGreaterThanOrEqual(400);
	expect(response.status()).toBeLessThan(500);

	const summary = page.locator('[role="alert"]');
	await expect(summary).toBeVisible();
	await expect(summary.locator('li')).toHaveCount(1);
	await expect(page.locator('main .error')).toHaveCount(0);
	await expect(page.locator('#f-email')).toHaveValue(person.email);
	await expect(page.locator('#f-password')).toHaveValue('');
	// Still anonymous.
	await expect(page.locator('header form[action="/logout"]')).toHaveCount(0);
	await context.close();
});

test('an unknown URL gives a real 404 page with a link home', async ({ page }) => {
	const response = await page.goto('/no/such/page-here');
	expect(response?.status()).toBe(404);
	await expect(page.locator('main h1')).toBeVisible();
	await expect(page.locator('main h1')).toContainText('404');
	await expect(page.locator('main a[href="/"]')).toBeVisible();
	await expect(page).toHaveTitle(/404/);
});
