/**
 * Form validation shared by every route: zod on the server, errors as translation keys
 * attached to fields, the submitted values sent back so nothing typed is lost.
 */
import { fail } from '@sveltejs/kit';
import type { z } from 'zod';
import { isMessageKey, type MessageKey, type Params } from '#lib/i18n/index.ts';

export interface FieldError {
	key: MessageKey;
	params?: Params;
}
export type FieldErrors = Record<string, FieldError>;

export type FormStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/** A service's refusal tied to fields, with the HTTP status a route should answer. */
export class FormError extends Error {
	status: FormStatus;
	errors: FieldErrors;
	constructor(status: FormStatus, errors: FieldErrors) {
		super(Object.values(errors)[0]?.key ?? 'errors.invalid');
		this.status = status;
		this.errors = errors;
	}
}

function issueToError(issue: z.core.$ZodIssue): FieldError {
	// Schemas name their own messages with any catalogue key (e.g. 'courses.errors.slug').
	if (isMessageKey(issue.message)) {
		const params: Params = {};
		if ('maximum' in issue) params.max = Number(issue.maximum);
		if ('minimum' in issue) params.min = Number(issue.minimum);
		return { key: issue.message, params };
	}
	switch (issue.code) {
		case 'too_big':
			return { key: 'errors.tooLong', params: { max: Number(issue.maximum) } };
		case 'too_small':
			return Number(issue.minimum) <= 1
				? { key: 'errors.required' }
				: { key: 'errors.tooShort', params: { min: Number(issue.minimum) } };
		case 'invalid_format':
			return issue.format === 'email' ? { key: 'errors.email' } : { key: 'errors.invalid' };
		case 'invalid_type':
			return { key: 'errors.required' };
		default:
			return { key: 'errors.invalid' };
	}
}

export function zodErrors(error: z.ZodError): FieldErrors {
	const errors: FieldErrors = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? '_form');
		errors[field] ??= issueToError(issue);
	}
	return errors;
}

/** Text fields of a form as a plain object (files and passwords are never echoed back). */
export function formValues(form: FormData, omit: string[] = []): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [k, v] of form) {
		if (typeof v === 'string' && !omit.includes(k) && !/password/i.test(k)) values[k] = v;
	}
	return values;
}

export function parseForm<S extends z.ZodType>(
	schema: S,
	form: FormData
): { data: z.infer<S> } | { errors: FieldErrors } {
	const raw: Record<string, unknown> = {};
	for (const [k, v] of form) raw[k] = typeof v === 'string' ? v : v;
	const result = schema.safeParse(raw);
	return result.success ? { data: result.data } : { errors: zodErrors(result.error) };
}

/** The SvelteKit `fail()` every form action returns on bad input. */
export function invalid(status: number, form: FormData, errors: FieldErrors, omit?: string[]) {
	return fail(status, { values: formValues(form, omit), errors });
}

/**
 * Runs a form action body: zod parse, then the service; a FormError becomes a 4xx with the
 * fields' messages and the submitted values.
 */
export async function handleForm<S extends z.ZodType, R>(
	form: FormData,
	schema: S,
	run: (data: z.infer<S>) => Promise<R>,
	omit?: string[]
) {
	const parsed = parseForm(schema, form);
	if ('errors' in parsed) return invalid(400, form, parsed.errors, omit);
	try {
		return await run(parsed.data);
	} catch (err) {
		if (err instanceof FormError) return invalid(err.status, form, err.errors, omit);
		throw err;
	}
}
