import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createAdmin, createTestApp, createUser, type TestApp } from '../../../../../test/helpers.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { findSession } from '#lib/server/http/session.ts';
import { rolesOf } from '../authz/roles.service.ts';
import { courseSchema } from '../courses/courses.schemas.ts';
import { createCourse, setCourseStatus } from '../courses/courses.service.ts';
import { isEnrolled } from '../courses/learning.service.ts';
import { sessions } from '../accounts/accounts.table.ts';
import { notifications } from '../notifications/notifications.table.ts';
import { termsAcceptances } from './community.table.ts';
import { mustAcceptTerms, termsGate } from './terms.gate.ts';
import {
	acceptTerms,
	currentTerms,
	pendingTerms,
	publishTerms,
	termsHistory,
	TERMS_BODY_MAX
} from './terms.service.ts';
import { outcome, routeEvent } from './route-harness.ts';
import * as signupPage from '../../../../routes/signup/+page.server.ts';
import * as acceptPage from '../../../../routes/terms/accept/+page.server.ts';
import * as adminTermsPage from '../../../../routes/admin/terms/+page.server.ts';
import * as versionPage from '../../../../routes/terms/[version]/+page.server.ts';
import * as coursePage from '../../../../routes/courses/[slug]/+page.server.ts';
import * as courseAccept from '../../../../routes/courses/[slug]/terms/accept/+page.server.ts';
import * as courseTermsEdit from '../../../../routes/courses/[slug]/terms/edit/+page.server.ts';

let t: TestApp;
let admin: Awaited<ReturnType<typeof createAdmin>>;
const actorOf = async (u: { id: string }) => ({ id: u.id, roles: await rolesOf(t.app.db, u.id) });
const instance = { scopeType: 'instance' } as const;

beforeAll(async () => {
	t = await createTestApp({ RATE_LIMITS: 'false' });
	admin = await createAdmin(t.app);
});
afterAll(() => t?.close());

async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		if (err instanceof FormError) return err;
		throw err;
	}
	throw new Error('expected a FormError');
}

const signupForm = (handle: string, extra: Record<string, string> = {}) => ({
	name: `Nom ${handle}`,
	handle,
	email: `${handle}@example.org`,
	password: 'plum orchard sings beneath winter stars',
	locale: 'fr',
	...extra
});

describe('instance terms', () => {
	it('signs up without a checkbox while no terms are published', async () => {
		const r = await outcome(async () =>
			signupPage.actions.default(await routeEvent(t.app, null, '/signup', { form: signupForm('sans_cgu') }))
		);
		expect(r).toMatchObject({ status: 303, location: '/account?welcome=1' });
	});

	it('lets only administrators publish, refuses an empty or too long text, and numbers versions', async () => {
		const person = await createUser(t.app);
		expect((await refusal(publishTerms(t.app, await actorOf(person), instance, { body: 'x' }))).status).toBe(403);
		const a = await actorOf(admin);
		expect((await refusal(publishTerms(t.app, a, instance, { body: '   ' }))).errors.body?.key).toBe('errors.required');
		expect(
			(await refusal(publishTerms(t.app, a, instance, { body: 'x'.repeat(TERMS_BODY_MAX + 1) }))).errors.body?.key
		).toBe('errors.tooLong');
		const v1 = await publishTerms(t.app, a, instance, { body: '# Conditions\n\nContributions sous CC BY-SA.' });
		expect(v1.version).toBe(1);
		expect(v1.allowsPrivateGroups).toBe(false);
		// The publisher accepts their own version.
		expect(await pendingTerms(t.app.db, admin.id, instance)).toBeUndefined();
	});

	it('requires the checkbox at sign-up once terms exist, and records the accepted version', async () => {
		const refused = await outcome(async () =>
			signupPage.actions.default(await routeEvent(t.app, null, '/signup', { form: signupForm('sans_case') }))
		);
		expect(refused.status).toBe(400);
		expect(refused.errors?.acceptTerms?.key).toBe('community.terms.errors.mustAccept');
		expect(refused.values?.handle).toBe('sans_case');
		const ok = await outcome(async () =>
			signupPage.actions.default(
				await routeEvent(t.app, null, '/signup', { form: signupForm('avec_case', { acceptTerms: 'on' }) })
			)
		);
		expect(ok.status).toBe(303);
		const current = await currentTerms(t.app.db, instance);
		const accepted = await t.app.db
			.select()
			.from(termsAcceptances)
			.where(eq(termsAcceptances.termsVersionId, current!.id));
		expect(accepted).toHaveLength(2); // the administrator and the new person
		expect(accepted.every((a) => a.acceptedAt instanceof Date)).toBe(true);
	});

	it('asks again after a new version: the session lookup says so, the accept page records it', async () => {
		const person = await createUser(t.app);
		await acceptTerms(t.app.db, person.id, (await currentTerms(t.app.db, instance))!.id);
		const [session] = await t.app.db.select().from(sessions).where(eq(sessions.userId, person.id));
		expect((await findSession(t.app.db, session!.token))?.terms_pending).toBe(false);
		const v2 = await publishTerms(t.app, await actorOf(admin), instance, { body: 'Version 2.' });
		expect(v2.version).toBe(2);
		expect((await findSession(t.app.db, session!.token))?.terms_pending).toBe(true);

		const page = await outcome(async () =>
			acceptPage.load(await routeEvent(t.app, person, '/terms/accept?next=%2Fcourses'))
		);
		expect(page.data).toMatchObject({ next: '/courses', terms: { version: 2 } });
		const unchecked = await outcome(async () =>
			acceptPage.actions.default(
				await routeEvent(t.app, person, '/terms/accept', { form: { termsId: v2.id, next: '/courses' } })
			)
		);
		expect(unchecked.errors?.accept?.key).toBe('community.terms.errors.mustAccept');
		// An old version's id is not an acceptance of the current one.
		const stale = await outcome(async () =>
			acceptPage.actions.default(
				await routeEvent(t.app, person, '/terms/accept', { form: { termsId: 'old', accept: 'on', next: '/courses' } })
			)
		);
		expect(stale.status).toBe(400);
		const done = await outcome(async () =>
			acceptPage.actions.default(
				await routeEvent(t.app, person, '/terms/accept', {
					form: { termsId: v2.id, accept: 'on', next: 'https://evil.example/' }
				})
			)
		);
		expect(done).toMatchObject({ status: 303, location: '/' });
		expect((await findSession(t.app.db, session!.token))?.terms_pending).toBe(false);
		expect((await termsHistory(t.app.db, instance)).map((h) => h.version)).toEqual([2, 1]);
	});

	it('gates page reads only, never the terms, log-out or privacy pages', () => {
		expect(mustAcceptTerms(true, 'GET', '/courses')).toBe(true);
		expect(mustAcceptTerms(false, 'GET', '/courses')).toBe(false);
		expect(mustAcceptTerms(true, 'POST', '/courses')).toBe(false);
		for (const open of ['/terms', '/terms/2', '/terms/accept', '/logout', '/account/privacy', '/healthz'])
			expect(mustAcceptTerms(true, 'GET', open), open).toBe(false);
		expect(mustAcceptTerms(true, 'GET', '/termsx')).toBe(true);
	});

	it('the hook answers a pending page read with a redirect to the acceptance page, and passes others on', async () => {
		const url = new URL('http://localhost:3000/courses?q=abeilles');
		const passed = new Response('page');
		const run = (termsPending: boolean, method = 'GET') =>
			termsGate({
				event: { locals: { termsPending }, request: new Request(url, { method }), url } as never,
				resolve: async () => passed
			});
		const redirected = await run(true);
		expect(redirected.status).toBe(303);
		expect(redirected.headers.get('location')).toBe('/terms/accept?next=%2Fcourses%3Fq%3Dabeilles');
		expect(await run(false)).toBe(passed);
		expect(await run(true, 'POST')).toBe(passed);
	});

	it('shows old versions publicly, 404 for unknown or malformed ones; admin page refuses bad input', async () => {
		const v1 = await outcome(async () =>
			versionPage.load(await routeEvent(t.app, null, '/terms/1', { params: { version: '1' } }))
		);
		expect((v1.data as { current: { html: string } }).current.html).toContain('<h2 id="conditions">Conditions</h2>');
		for (const version of ['9', 'abc', '0'])
			expect(
				(
					await outcome(async () =>
						versionPage.load(await routeEvent(t.app, null, `/terms/${version}`, { params: { version } }))
					)
				).status
			).toBe(404);
		const person = await createUser(t.app);
		expect(
			(await outcome(async () => adminTermsPage.load(await routeEvent(t.app, person, '/admin/terms')))).status
		).toBe(403);
		const empty = await outcome(async () =>
			adminTermsPage.actions.default(await routeEvent(t.app, admin, '/admin/terms', { form: { body: '' } }))
		);
		expect(empty.errors?.body?.key).toBe('errors.required');
	});
});

describe('course terms', () => {
	it('are accepted at enrolment, asked again when a new version comes, and learners are notified', async () => {
		const a = await actorOf(admin);
		const course = await createCourse(t.app, a, courseSchema.parse({ title: 'Jardins partagés', slug: 'jardins' }));
		await setCourseStatus(t.app, a, course, 'published');
		const learner = await createUser(t.app);
		const params = { slug: 'jardins' };
		// Bad input on the editor's form.
		const bad = await outcome(async () =>
			courseTermsEdit.actions.default(
				await routeEvent(t.app, admin, '/courses/jardins/terms/edit', { params, form: { body: '' } })
			)
		);
		expect(bad.errors?.body?.key).toBe('errors.required');
		expect(
			(
				await outcome(async () =>
					courseTermsEdit.load(await routeEvent(t.app, learner, '/courses/jardins/terms/edit', { params }))
				)
			).status
		).toBe(403);
		const published = await outcome(async () =>
			courseTermsEdit.actions.default(
				await routeEvent(t.app, admin, '/courses/jardins/terms/edit', {
					params,
					form: { body: 'Soyez bienveillants.', allowsPrivateGroups: 'on' }
				})
			)
		);
		expect(published).toMatchObject({ status: 303, location: '/courses/jardins/terms/edit?published=1' });
		const scope = { scopeType: 'course', scopeId: course.id } as const;
		expect((await currentTerms(t.app.db, scope))?.allowsPrivateGroups).toBe(true);

		const enrol = await outcome(async () =>
			coursePage.actions.enrol(await routeEvent(t.app, learner, '/courses/jardins?/enrol', { params, form: {} }))
		);
		expect(enrol).toMatchObject({ status: 303, location: '/courses/jardins/terms/accept?enrol=1' });
		expect(await isEnrolled(t.app.db, learner.id, course.id)).toBe(false);
		const terms = await currentTerms(t.app.db, scope);
		const unchecked = await outcome(async () =>
			courseAccept.actions.default(
				await routeEvent(t.app, learner, '/courses/jardins/terms/accept?enrol=1', {
					params,
					form: { termsId: terms!.id }
				})
			)
		);
		expect(unchecked.errors?.accept?.key).toBe('community.terms.errors.mustAccept');
		const accepted = await outcome(async () =>
			courseAccept.actions.default(
				await routeEvent(t.app, learner, '/courses/jardins/terms/accept?enrol=1', {
					params,
					form: { termsId: terms!.id, accept: 'on' }
				})
			)
		);
		expect(accepted).toMatchObject({ status: 303, location: '/courses/jardins?enrolled=1' });
		expect(await isEnrolled(t.app.db, learner.id, course.id)).toBe(true);
		expect(
			(await outcome(async () => coursePage.load(await routeEvent(t.app, learner, '/courses/jardins', { params }))))
				.status
		).toBe(200);

		await publishTerms(t.app, a, scope, { body: 'Version 2 : pas de groupes privés.' });
		const reopened = await outcome(async () =>
			coursePage.load(await routeEvent(t.app, learner, '/courses/jardins', { params }))
		);
		expect(reopened).toMatchObject({ status: 303, location: '/courses/jardins/terms/accept' });
		const notices = await t.app.db
			.select()
			.from(notifications)
			.where(and(eq(notifications.userId, learner.id), eq(notifications.kind, 'terms.updated')));
		expect(notices.map((n) => n.url)).toEqual(['/courses/jardins/terms']);
	});
});
