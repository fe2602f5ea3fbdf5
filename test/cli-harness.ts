/**
 * Running the `essaim` command as an operator would, for CLI tests: a child process on
 * instances of their own (a temporary DATA_DIR with PGlite, or throwaway PostgreSQL databases
 * when DATABASE_URL is set), cleaned up by `cleanup()`.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

export interface Result {
	code: number;
	stdout: string;
	stderr: string;
}

const root = join(import.meta.dirname, '..');

export function cliHarness(name: string) {
	const work = mkdtempSync(join(tmpdir(), `essaim-${name}-`));
	const baseUrl = process.env.DATABASE_URL;
	const dropped: string[] = [];

	/** A new empty instance: its own DATA_DIR and, on PostgreSQL, its own database. */
	async function instance(dir: string): Promise<Record<string, string>> {
		const env: Record<string, string> = { DATA_DIR: join(work, dir) };
		if (baseUrl) {
			const { default: postgres } = await import('postgres');
			const db = `essaim_cli_${randomBytes(6).toString('hex')}`;
			const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
			await admin.unsafe(`create database ${db}`);
			await admin.end();
			const url = new URL(baseUrl);
			url.pathname = `/${db}`;
			env.DATABASE_URL = url.href;
			dropped.push(db);
		}
		return env;
	}

	/** Runs `essaim …` with only the given instance's settings (nothing leaks from the test run). */
	function essaim(env: Record<string, string>, ...args: string[]): Promise<Result> {
		const clean = { ...process.env };
		for (const k of ['DATABASE_URL', 'ADMIN_PASSWORD', 'METRICS_TOKEN', 'LOG_LEVEL', 'VITEST', 'NODE_OPTIONS'])
			delete clean[k];
		return new Promise((done) => {
			execFile(
				process.execPath,
				[join(root, 'src/cli/main.ts'), ...args],
				{ cwd: work, env: { ...clean, ...env }, timeout: 60_000 },
				(err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
			);
		});
	}

	async function cleanup() {
		rmSync(work, { recursive: true, force: true });
		if (baseUrl && dropped.length) {
			const { default: postgres } = await import('postgres');
			const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
			for (const db of dropped) await admin.unsafe(`drop database if exists ${db} with (force)`);
			await admin.end();
		}
	}

	return { work, instance, essaim, cleanup };
}

/** A successful command: no error output, exit 0; returns its standard output. */
export function ok(r: Result) {
	expect(r.stderr, r.stderr).toBe('');
	expect(r.code).toBe(0);
	return r.stdout;
}
