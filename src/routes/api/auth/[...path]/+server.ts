import type { RequestHandler } from './$types';

/**
 * better-auth's own endpoints, for the links sent by mail (verify-email, reset-password).
 * Forms in Essaim never post here: they go through form actions and the accounts service.
 */
const handler: RequestHandler = ({ request, locals }) => locals.app.auth.handler(request);
export const GET = handler;
