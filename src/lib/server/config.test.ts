import { describe, expect, it } from 'vitest';
import { describeConfig, readConfig } from './config.ts';

describe('configuration', () => {
	it('has working defaults', () => {
		const c = readConfig({});
		expect(c.PORT).toBe(3000);
		expect(c.publicUrl.href).toBe('http://localhost:3000/');
		expect(c.database).toBe('pglite');
		expect(c.secureCookies).toBe(false);
	});

	it('derives secure cookies from an https PUBLIC_URL and PostgreSQL from DATABASE_URL', () => {
		const c = readConfig({ PUBLIC_URL: 'https://cours.example.org', DATABASE_URL: 'postgres://u:p@db/essaim' });
		expect(c.secureCookies).toBe(true);
		expect(c.database).toBe('postgres');
	});

	it('refuses invalid values with one clear line', () => {
		expect(() => readConfig({ PORT: 'eighty' })).toThrow(/^Invalid configuration: PORT/);
		expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
	});

	it('masks secrets when described', () => {
		const d = describeConfig(
			readConfig({
				ADMIN_PASSWORD: 'a very secret phrase',
				DATABASE_URL: 'postgres://u:pw@db/essaim',
				METRICS_TOKEN: 'x'.repeat(20)
			})
		);
		expect(JSON.stringify(d)).not.toMatch(/very secret|pw@|xxxxxxxx/);
	});
});
