/**
 * Test helper: runs a route's load or action as SvelteKit would for one person (session
 * resolved from their roles), and reports what came out: data, a redirect, an HTTP error or
 * a form failure with its field errors.
 */
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import type { App } from '../../app.ts';
import { rolesOf } from '../authz/roles.service.ts';

export type Who = { id: string; email: string; name: string; handle: string } | null;

export async function routeEvent(
	app: App,
	who: Who,
	path: string,
	opts: { params?: Record<string, string>; form?: Record<string, string> } = {}
) {
	const url = new URL(`http://localhost:3000${path}`);
	const body = new FormData();
	for (const [k, v] of Object.entries(opts.form ?? {})) body.set(k, v);
	const user = who && { ...who, emailVerified: true, locale: 'fr', avatarKey: null };
	return {
		url,
		params: opts.params ?? {},
		locals: {
			app,
			locale: 'fr',
			user,
			actor: who ? { id: who.id, roles: await rolesOf(app.db, who.id) } : null,
			unreadNotifications: 0,
			termsPending: false
		},
		request: new Request(url, opts.form ? { method: 'POST', body } : {}),
		cookies: { get: () => undefined, set: () => {}, delete: () => {} },
		getClientAddress: () => '192.0.2.7'
	} as never;
}

export interface Outcome {
	status: number;
	location?: string;
	errors?: Record<string, { key: string }>;
	values?: Record<string, string>;
	data?: Record<string, unknown>;
}

export async function outcome(run: () => unknown): Promise<Outcome> {
	try {
		const r = await run();
		if (isActionFailure(r)) {
			const d = r.data as unknown as { errors?: Record<string, { key: string }>; values?: Record<string, string> };
			return { status: r.status, errors: d?.errors, values: d?.values };
		}
		return { status: 200, data: r as Record<string, unknown> };
	} catch (err) {
		if (isRedirect(err)) return { status: err.status, location: err.location };
		if (isHttpError(err)) return { status: err.status };
		throw err;
	}
}
