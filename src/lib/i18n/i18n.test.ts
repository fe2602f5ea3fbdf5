import { describe, expect, it } from 'vitest';
import { catalogues, formatDate, formatNumber, fromAcceptLanguage, translate } from './index.ts';

describe('i18n', () => {
	it('has the same keys in every language', () => {
		expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.fr).sort());
	});

	it('fills placeholders and picks plural forms per language', () => {
		expect(translate('fr', 'form.errorSummary', { count: 1 })).toBe('Le formulaire contient 1 erreur');
		expect(translate('fr', 'form.errorSummary', { count: 3 })).toBe('Le formulaire contient 3 erreurs');
		expect(translate('en', 'form.errorSummary', { count: 1 })).toBe('The form has 1 error');
		expect(translate('en', 'errors.tooLong', { max: 80 })).toBe('This text is too long (at most 80 characters).');
	});

	it('reads Accept-Language by quality and falls back to nothing it cannot serve', () => {
		expect(fromAcceptLanguage('en-GB,en;q=0.9,fr;q=0.8')).toBe('en');
		expect(fromAcceptLanguage('de-DE,fr;q=0.5,en;q=0.7')).toBe('en');
		expect(fromAcceptLanguage('de,es')).toBeUndefined();
		expect(fromAcceptLanguage(null)).toBeUndefined();
	});

	it('formats dates in Paris time and numbers per locale', () => {
		const d = new Date('2026-03-01T23:30:00Z');
		expect(formatDate('fr', d)).toBe('2 mars 2026');
		expect(formatDate('en', d)).toBe('March 2, 2026');
		expect(formatNumber('fr', 1234.5)).toBe('1\u202f234,5');
		expect(formatNumber('en', 1234.5)).toBe('1,234.5');
	});
});
