/**
 * The `essaim` command line, run as an operator would: a child process on a DATA_DIR of its own
 * (PGlite on disk), or on throwaway PostgreSQL databases when DATABASE_URL is set.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness, ok } from './cli-harness.ts';
import { createApp } from '#lib/server/app.ts';
import { readConfig } from '#lib/server/config.ts';
import { logIn } from '#lib/server/features/accounts/accounts.service.ts';

const { work, instance, essaim, cleanup } = cliHarness('cli');

let a: Record<string, string>;
let b: Record<string, string>;
beforeAll(async () => {
	a = await instance('a');
	b = await instance('b');
});
afterAll(cleanup);

describe('essaim command line', { timeout: 120_000 }, () => {
	let generated = '';

	it('creates accounts, printing a generated password once', async () => {
		const out = ok(
			await essaim(
				a,
				'user',
				'create',
				'--email',
				'Zoe@Example.org',
				'--name',
				'Zoé Lefèvre',
				'--handle',
				'zoe',
				'--admin'
			)
		);
		expect(out).toContain('@zoe');
		const password = /Password \(shown only once\): (\S+)/.exec(out)?.[1];
		expect(password?.length).toBeGreaterThanOrEqual(16);
		const json = JSON.parse(
			ok(
				await essaim(
					a,
					'user',
					'create',
					'--email',
					'max@example.org',
					'--name',
					'Max',
					'--handle',
					'max',
					'--password',
					'une phrase bien longue',
					'--json'
				)
			)
		);
		expect(json).toMatchObject({ handle: 'max', email: 'max@example.org' });
		expect(json.password).toBeUndefined();
	});

	it('refuses a taken handle with one line and a non-zero exit', async () => {
		const r = await essaim(a, 'user', 'create', '--email', 'other@example.org', '--name', 'X', '--handle', 'zoe');
		expect(r.code).not.toBe(0);
		expect(r.stderr.trim().split('\n')).toHaveLength(1);
		expect(r.stderr).toMatch(/handle/i);
	});

	it('lists accounts as JSON, searching without accents', async () => {
		const all = JSON.parse(ok(await essaim(a, 'user', 'list', '--json')));
		expect(all.total).toBe(2);
		const found = JSON.parse(ok(await essaim(a, 'user', 'list', '--q', 'LEFEVRE', '--json')));
		expect(found.users.map((u: { handle: string }) => u.handle)).toEqual(['zoe']);
		expect(found.users[0].roles).toEqual([{ role: 'admin', scopeType: 'instance', scopeId: '' }]);
	});

	it('grants and revokes roles; an invalid role or unknown person is one line on stderr', async () => {
		ok(await essaim(a, 'role', 'grant', 'max', 'tutor', '--scope', 'course:intro'));
		const list = JSON.parse(ok(await essaim(a, 'user', 'list', '--q', 'max', '--json')));
		expect(list.users[0].roles).toEqual([{ role: 'tutor', scopeType: 'course', scopeId: 'intro' }]);
		for (const args of [
			['role', 'grant', 'max', 'wizard'],
			['role', 'grant', 'nobody', 'moderator'],
			['role', 'revoke', 'max', 'moderator']
		]) {
			const r = await essaim(a, ...args);
			expect(r.code, args.join(' ')).not.toBe(0);
			expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
			expect(r.stderr).not.toContain('    at ');
		}
	});

	it('suspends and restores an account', async () => {
		ok(await essaim(a, 'user', 'suspend', 'max', '--reason', 'Spam'));
		const listed = JSON.parse(ok(await essaim(a, 'user', 'list', '--filter', 'suspended', '--json')));
		expect(listed.users.map((u: { handle: string }) => u.handle)).toEqual(['max']);
		ok(await essaim(a, 'user', 'unsuspend', 'max'));
	});

	it('resets a password, printing the generated one', async () => {
		const json = JSON.parse(ok(await essaim(a, 'user', 'reset-password', 'zoe', '--json')));
		generated = json.password;
		expect(generated.length).toBeGreaterThanOrEqual(16);
	});

	it('exports the instance and imports it into an empty one, and only into an empty one', async () => {
		const file = join(work, 'export.json');
		const exported = JSON.parse(ok(await essaim(a, 'export', 'export.json', '--json')));
		expect(exported.file).toBe(file);
		expect(exported.tables.users).toBe(2);
		ok(await essaim(b, 'import', file));
		const before = JSON.parse(ok(await essaim(a, 'user', 'list', '--json')));
		const after = JSON.parse(ok(await essaim(b, 'user', 'list', '--json')));
		expect(after.total).toBe(before.total);
		expect(after.users).toEqual(before.users);

		const again = await essaim(b, 'import', file);
		expect(again.code).not.toBe(0);
		expect(again.stderr).toMatch(/not empty/);
	});

	it('the imported instance accepts the password reset on the command line', async () => {
		const app = await createApp(readConfig({ ...b, LOG_LEVEL: 'silent', RATE_LIMITS: 'false' }), { worker: false });
		try {
			const { userId } = await logIn(app, { email: 'zoe@example.org', password: generated }, { ip: '192.0.2.9' });
			expect(userId).toMatch(/^[0-9a-f-]{36}$/);
		} finally {
			await app.close();
		}
	});

	it('prints the configuration with secrets masked', async () => {
		const secret = 'a-very-secret-metrics-token';
		const shown = JSON.parse(
			ok(await essaim({ ...a, METRICS_TOKEN: secret, ADMIN_PASSWORD: 'another secret value' }, 'config', '--json'))
		);
		expect(shown.METRICS_TOKEN).toBe('********');
		expect(shown.ADMIN_PASSWORD).toBe('********');
		expect(shown.DATA_DIR).toBe(a.DATA_DIR);
		expect(JSON.stringify(shown)).not.toContain(secret);
	});

	it('answers an unknown verb with one line on stderr and a non-zero exit', async () => {
		const r = await essaim(a, 'frobnicate');
		expect(r.code).not.toBe(0);
		expect(r.stdout).toBe('');
		expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('unknown command: frobnicate')]);
		const help = ok(await essaim(a, 'help'));
		expect(help).toContain('essaim user create');
	});
});
