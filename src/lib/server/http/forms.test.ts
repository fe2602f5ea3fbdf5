import { describe, expect, it } from 'vitest';
import { signUpSchema } from '../features/accounts/accounts.schemas.ts';
import { courseSchema } from '../features/courses/courses.schemas.ts';
import { formValues, parseForm } from './forms.ts';

function form(entries: Record<string, string>) {
	const f = new FormData();
	for (const [k, v] of Object.entries(entries)) f.set(k, v);
	return f;
}

describe('form validation', () => {
	it('reports each bad field with a translation key and its limit', () => {
		const r = parseForm(
			signUpSchema,
			form({ name: 'x'.repeat(81), handle: 'Ab', email: 'not-an-email', password: 'short', locale: 'de' })
		);
		expect('errors' in r && r.errors).toEqual({
			name: { key: 'errors.tooLong', params: { max: 80 } },
			handle: { key: 'errors.handle', params: {} },
			email: { key: 'errors.email', params: {} },
			password: { key: 'errors.passwordShort', params: { min: 10 } },
			locale: { key: 'errors.locale', params: {} }
		});
	});

	it('treats missing fields as required and wrong types as invalid, never throwing', () => {
		const r = parseForm(signUpSchema, form({}));
		expect(
			'errors' in r && Object.values(r.errors).every((e) => e.key === 'errors.required' || e.key === 'errors.locale')
		).toBe(true);
		expect('errors' in r && Object.keys(r.errors).sort()).toEqual(['email', 'handle', 'name', 'password']);
	});

	it('normalises valid input', () => {
		const r = parseForm(
			signUpSchema,
			form({ name: '  Inès ', handle: 'Ines_B', email: 'Ines@Example.ORG', password: 'a long enough phrase' })
		);
		expect('data' in r && r.data).toEqual({
			name: 'Inès',
			handle: 'ines_b',
			email: 'ines@example.org',
			password: 'a long enough phrase',
			locale: 'fr'
		});
	});

	it('sends back what was typed, never passwords', () => {
		expect(formValues(form({ email: 'a@b.c', password: 'secret', newPassword: 'x', name: 'A' }))).toEqual({
			email: 'a@b.c',
			name: 'A'
		});
	});

	it("keeps a feature's own message keys", () => {
		const r = parseForm(courseSchema, form({ title: 'Cours', slug: 'Pas une adresse !' }));
		expect('errors' in r && r.errors.slug?.key).toBe('courses.errors.slug');
	});
});
