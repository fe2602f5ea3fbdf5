/**
 * Every request passes here: metrics, the instance's services on `locals`, the session,
 * the language, security headers. Routes then parse, authorise, call a service and render.
 */
import { sequence, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit/hooks';
import { getApp } from '#lib/server/instance.ts';
import { log } from '#lib/server/log.ts';
import { httpDuration, httpErrors, httpRequests } from '#lib/server/metrics.ts';
import { afterRequest, resolveSession } from '#lib/server/http/session.ts';
import { resolveLocale } from '#lib/server/http/locale.ts';
import { securityHeaders } from '#lib/server/http/security.ts';
import { catalogues } from '#lib/i18n/index.ts';
import { provideCatalogues } from '#lib/i18n/registry.ts';

provideCatalogues(catalogues);
import { federationHandle } from '#lib/server/features/federation/handle.ts';
import { termsGate } from '#lib/server/features/community/terms.gate.ts';

const themeOf = (v: string | undefined) => (v === 'light' || v === 'dark' ? v : 'auto');

export const init: ServerInit = async () => {
	await getApp();
};

const metrics: Handle = async ({ event, resolve }) => {
	const start = performance.now();
	const response = await resolve(event);
	const route = event.route.id ?? 'unmatched';
	httpRequests.inc({ method: event.request.method, route, status: response.status });
	httpDuration.observe({ route }, (performance.now() - start) / 1000);
	if (response.status >= 500) httpErrors.inc({ route });
	return response;
};

const context: Handle = async ({ event, resolve }) => {
	const app = await getApp();
	event.locals.app = app;
	await resolveSession(event);
	event.locals.locale = resolveLocale(event);
	const response = await resolve(event, {
		transformPageChunk: ({ html }) =>
			html
				.replace('%essaim.lang%', event.locals.locale)
				.replace('data-theme="auto"', `data-theme="${themeOf(event.cookies.get('essaim_theme'))}"`),
		preload: ({ type }) => type === 'js' || type === 'css'
	});
	afterRequest(event);
	securityHeaders(response.headers, app.config.secureCookies);
	return response;
};

// Federation after `context`: it needs `locals.app`, and its responses get the security headers.
// The terms gate asks signed-in people to accept new terms of use (pending state comes with the session).
export const handle = sequence(metrics, context, termsGate, federationHandle);

/** App and framework errors (404, 403…) keep their status; anything unexpected is logged, never shown. */
export const handleError: HandleServerError = (caught) => {
	if (caught.kind !== 'unknown') return;
	log.error({ err: caught.error, path: caught.event.url.pathname }, 'unexpected error');
	return { message: 'error.generic' };
};
