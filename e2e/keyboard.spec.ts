/**
 * Sign-up → account page → log-out with the keyboard only: Tab, typing and Enter; no click,
 * no fill. Every stop must be visible and outlined; the skip link comes first and moves focus to main.
 */
import { expect, test, type Page } from '@playwright/test';
import { focused, newPerson } from './helpers.ts';

type Focused = NonNullable<Awaited<ReturnType<typeof focused>>>;

/** Presses Tab until `wanted` holds for the focused element, checking every stop on the way. */
async function tabTo(page: Page, what: string, wanted: (f: Focused) => boolean, max = 40): Promise<Focused> {
	const stops: string[] = [];
	for (let i = 0; i < max; i++) {
		await page.keyboard.press('Tab');
		const f = await focused(page);
		expect(f, `Tab #${i + 1} while looking for ${what} left focus nowhere (after ${stops.join(' → ')})`).not.toBeNull();
		const label = `<${f!.tag}${f!.id ? ` #${f!.id}` : ''}${f!.href ? ` href=${f!.href}` : ''}> "${f!.text}"`;
		stops.push(label);
		expect(f!.visible, `focused element ${label} is not visible`).toBe(true);
		expect(
			f!.outlineStyle !== 'none' && f!.outlineWidth > 0,
			`focused element ${label} has no visible focus outline (outline: ${f!.outlineStyle} ${f!.outlineWidth}px)`
		).toBe(true);
		if (wanted(f!)) return f!;
	}
	throw new Error(`${what} not reached with ${max} Tab presses: ${stops.join(' → ')}`);
}

/** Presses Enter and waits for the page at `path` to load, which must answer 200. */
async function pressEnterAndWait(page: Page, path: string) {
	const [response] = await Promise.all([
		page.waitForResponse(
			(r) => r.request().isNavigationRequest() && r.request().method() === 'GET' && new URL(r.url()).pathname === path
		),
		page.waitForURL((u) => u.pathname === path),
		page.keyboard.press('Enter')
	]);
	expect(response.status(), `GET ${path}`).toBe(200);
}

test('keyboard only: sign up, reach the account page, log out', async ({ page }) => {
	const person = newPerson();
	await page.goto('/');

	// The skip link is the first Tab stop, and following it puts focus on <main>.
	await page.keyboard.press('Tab');
	const first = await focused(page);
	expect(first?.href, 'the first Tab stop is the skip link').toBe('#main');
	expect(first!.visible, 'the skip link is visible once focused').toBe(true);
	expect(first!.outlineStyle !== 'none' && first!.outlineWidth > 0, 'the skip link shows a focus outline').toBe(true);
	await page.keyboard.press('Enter');
	await expect.poll(async () => (await focused(page))?.id, { message: 'focus moved to main' }).toBe('main');

	// From main, Tab onwards to the sign-up link and follow it.
	await tabTo(page, 'the sign-up link', (f) => f.tag === 'a' && f.href === '/signup');
	await pressEnterAndWait(page, '/signup');

	// Fill the form field by field.
	for (const [id, value] of [
		['f-name', person.name],
		['f-handle', person.handle],
		['f-email', person.email],
		['f-password', person.password]
	] as const) {
		await tabTo(page, `the field #${id}`, (f) => f.id === id);
		await page.keyboard.type(value);
	}
	await tabTo(page, 'the sign-up button', (f) => f.tag === 'button' && f.inMain);
	await pressEnterAndWait(page, '/account');

	// The account page, logged in as the new person.
	await expect(page.locator('h1')).toBeVisible();
	await expect(page.locator('header form[action="/logout"]')).toHaveCount(1);

	// Log out from the header.
	await page.keyboard.press('Tab');
	const back = await focused(page);
	expect(back?.href, 'on a new page, the first Tab stop is again the skip link').toBe('#main');
	await tabTo(page, 'the log-out button', (f) => f.tag === 'button' && f.formAction === '/logout');
	await pressEnterAndWait(page, '/');

	await expect(page.locator('header form[action="/logout"]')).toHaveCount(0);
	await expect(page.locator('header a[href="/login"]')).toBeVisible();
	const cookies = await page.context().cookies();
	expect(
		cookies.filter((c) => /session/i.test(c.name) && c.value),
		'no session cookie left'
	).toEqual([]);
});
