/**
 * axe (WCAG 2.0/2.1 A and AA) must find nothing on every page of e2e/pages.ts, for each
 * visitor, in French and English, light and dark. A failure lists rule, impact and selectors.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext } from '@playwright/test';
import { describeViolations, logInAsAdmin, setPreferences, signUp, type Locale, type Theme } from './helpers.ts';
import { PAGES, type CheckedPage, type Visitor } from './pages.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const LOCALES: Locale[] = ['fr', 'en'];
const THEMES: Theme[] = ['light', 'dark'];

type Session = Awaited<ReturnType<BrowserContext['storageState']>>;
/** Logged-in sessions, made once per worker: one person per language, and the administrator. */
const sessions = new Map<string, Session>();

async function session(browser: Browser, key: string, login: (ctx: BrowserContext) => Promise<void>) {
	let state = sessions.get(key);
	if (!state) {
		const ctx = await browser.newContext();
		await login(ctx);
		state = await ctx.storageState();
		await ctx.close();
		sessions.set(key, state);
	}
	return state;
}

async function contextFor(browser: Browser, visitor: Visitor, locale: Locale): Promise<BrowserContext> {
	if (visitor === 'anonymous') return browser.newContext();
	const state =
		visitor === 'user'
			? await session(browser, `user-${locale}`, async (ctx) => void (await signUp(await ctx.newPage(), { locale })))
			: await session(browser, 'admin', async (ctx) => logInAsAdmin(await ctx.newPage()));
	return browser.newContext({ storageState: state });
}

async function check(browser: Browser, p: CheckedPage, locale: Locale, theme: Theme) {
	// AxeBuilder needs a page from browser.newContext(), not browser.newPage().
	const context = await contextFor(browser, p.as, locale);
	try {
		await setPreferences(context, { locale, theme });
		const page = await context.newPage();
		const path = typeof p.path === 'string' ? p.path : await p.path(page);
		const response = await page.goto(path);
		expect(response?.status(), `HTTP status of ${path}`).toBe(p.status ?? 200);
		await expect(page.locator('html')).toHaveAttribute('lang', locale);
		await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

		const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		expect(
			results.violations.map((v) => v.id),
			`axe found ${results.violations.length} violation(s) on ${path} (${p.as}, ${locale}, ${theme}):\n` +
				describeViolations(results.violations)
		).toEqual([]);
	} finally {
		await context.close();
	}
}

function tests(pages: CheckedPage[]) {
	for (const p of pages) {
		for (const locale of LOCALES) {
			for (const theme of THEMES) {
				const where = typeof p.path === 'string' ? p.path : '(found on the site)';
				test(`axe: ${p.name} ${where} as ${p.as}, ${locale}, ${theme}`, ({ browser }) =>
					check(browser, p, locale, theme));
			}
		}
	}
}

test.describe('anonymous and logged-in pages', () => {
	test.describe.configure({ mode: 'parallel' });
	tests(PAGES.filter((p) => p.as !== 'admin'));
});

test.describe('administration pages', () => {
	// The administrator's language lives in their profile: these run one after another, in one worker.
	test.describe.configure({ mode: 'default' });
	tests(PAGES.filter((p) => p.as === 'admin'));
});
