/**
 * Shared steps for the end-to-end tests: fresh accounts made through the real sign-up form,
 * the administrator's log-in, language/theme preferences, and readable axe reports.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';
import { ADMIN_EMAIL, ADMIN_PASSWORD, E2E_URL } from './env.ts';

export { ADMIN_EMAIL, ADMIN_PASSWORD, E2E_URL };

export type Locale = 'fr' | 'en';
export type Theme = 'light' | 'dark';

let seq = 0;
/** A handle no other test (or earlier run on the same server) has used: [a-z0-9_], ≤ 30 chars. */
export function uniqueHandle(prefix = 'e2e'): string {
	const stamp = Date.now().toString(36);
	const rand = Math.random().toString(36).slice(2, 6);
	return `${prefix}_${stamp}${(++seq).toString(36)}${rand}`.toLowerCase().slice(0, 30);
}

export interface Person {
	name: string;
	handle: string;
	email: string;
	password: string;
	locale: Locale;
}

export function newPerson(overrides: Partial<Person> = {}): Person {
	const handle = overrides.handle ?? uniqueHandle();
	return {
		name: `Camille ${handle}`,
		handle,
		email: `${handle}@example.org`,
		password: 'plum orchard sings beneath winter stars',
		locale: 'fr',
		...overrides
	};
}

/** Signs a fresh person up through the form and waits until they land on their account page. */
export async function signUp(page: Page, overrides: Partial<Person> = {}): Promise<Person> {
	const person = newPerson(overrides);
	await page.goto('/signup');
	await page.locator('#f-name').fill(person.name);
	await page.locator('#f-handle').fill(person.handle);
	await page.locator('#f-email').fill(person.email);
	await page.locator('#f-password').fill(person.password);
	await page.locator('#f-locale').selectOption(person.locale);
	// Once the instance has published terms of use, sign-up asks to accept them.
	const terms = page.locator('#f-acceptTerms');
	if (await terms.count()) await terms.check();
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/signup'),
		page.locator('main form button:not([type="button"])').last().click()
	]);
	expect(response.status(), `sign-up of @${person.handle} should redirect`).toBe(303);
	await page.waitForURL((u) => u.pathname === '/account');
	return person;
}

/** Logs in through the form with the given credentials and waits to leave the log-in page. */
export async function logIn(page: Page, email: string, password: string): Promise<void> {
	await page.goto('/login');
	await page.locator('#f-email').fill(email);
	await page.locator('#f-password').fill(password);
	const [response] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
		page.locator('main form button:not([type="button"])').last().click()
	]);
	expect(response.status(), `log-in of ${email} should redirect`).toBe(303);
	await page.waitForURL((u) => u.pathname !== '/login');
}

/**
 * Logs in as the administrator, in French on this browser unless it already chose a language.
 * Several tests act as the administrator at once, some in English (axe): the language is this
 * browser's cookie, never only the account's, so they do not switch each other.
 */
export async function logInAsAdmin(page: Page): Promise<void> {
	const context = page.context();
	if (!(await context.cookies(E2E_URL)).some((c) => c.name === 'essaim_lang'))
		await context.addCookies([{ name: 'essaim_lang', value: 'fr', url: E2E_URL }]);
	await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
}

/**
 * Language and theme as the header form sets them (a cookie for everyone, the profile too when
 * logged in), posted directly so a test can switch without walking through the header.
 */
export async function setPreferences(context: BrowserContext, prefs: { locale: Locale; theme: Theme }) {
	const response = await context.request.post('/preferences', {
		form: { locale: prefs.locale, theme: prefs.theme, redirectTo: '/' },
		// A browser's form post: SvelteKit checks the origin, and answers JSON unless HTML is asked for.
		headers: { origin: E2E_URL, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status(), 'POST /preferences should redirect').toBe(303);
}

/** One line per violation and per offending node: rule, impact, selector, what axe says. */
export function describeViolations(violations: AxeResults['violations']): string {
	return violations
		.map((v) => {
			const nodes = v.nodes
				.map((n) => `    - ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`)
				.join('\n');
			return `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}`;
		})
		.join('\n');
}

/** The element that has focus, described for assertions and messages. */
export async function focused(page: Page) {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el || el === document.body) return null;
		const style = getComputedStyle(el);
		const rect = el.getBoundingClientRect();
		return {
			tag: el.tagName.toLowerCase(),
			id: el.id,
			href: el.getAttribute('href'),
			name: el.getAttribute('name'),
			type: el.getAttribute('type'),
			text: (el.textContent ?? '').trim().slice(0, 60),
			formAction: el.closest('form')?.getAttribute('action') ?? null,
			inMain: !!el.closest('main'),
			outlineStyle: style.outlineStyle,
			outlineWidth: parseFloat(style.outlineWidth) || 0,
			outlineColor: style.outlineColor,
			visible:
				rect.width > 0 &&
				rect.height > 0 &&
				style.visibility !== 'hidden' &&
				style.display !== 'none' &&
				rect.bottom > 0 &&
				rect.right > 0 &&
				rect.top < window.innerHeight &&
				rect.left < window.innerWidth
		};
	});
}
