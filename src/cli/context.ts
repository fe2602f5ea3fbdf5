/** What every command receives, and the helpers they share. */
import { translate, isMessageKey, type Locale } from '#lib/i18n/index.ts';
import type { App } from '#lib/server/app.ts';
import { FormError } from '#lib/server/http/forms.ts';
import { findUserByHandle } from '#lib/server/features/admin/admin.service.ts';

export interface CliEnv {
	/** Where the command was typed: relative file names are resolved from here. */
	cwd: string;
	/** LOG_LEVEL as the operator set it (the CLI itself runs silent unless --verbose). */
	logLevel: string | undefined;
	verbose: boolean;
}

export type Values = Record<string, string | boolean | undefined>;

export interface Command {
	usage: string;
	summary: string;
	/** Options for node:util parseArgs; positionals are always allowed. */
	options?: Record<string, { type: 'string' | 'boolean'; short?: string }>;
	/** Open the instance (database) before running. */
	needsApp: boolean;
	/** May return the exit code (e.g. `gift parse`: 1 when the file has errors); otherwise 0. */
	run(ctx: { app: App; values: Values; positionals: string[]; env: CliEnv }): Promise<void | number>;
}

/** A refusal the operator can act on: printed as one line, exit code 1. */
export class CliError extends Error {}

const locale: Locale = /^fr/i.test(process.env.LC_ALL || process.env.LANG || '') ? 'fr' : 'en';

/** One line for stderr, whatever was thrown. */
export function errorLine(err: unknown): string {
	if (err instanceof FormError) {
		return Object.entries(err.errors)
			.map(([field, e]) => {
				const text = isMessageKey(e.key) ? translate(locale, e.key, e.params) : e.key;
				return field === '_form' ? text : `${field}: ${text}`;
			})
			.join(' ');
	}
	// Drizzle wraps database errors ("Failed query: …"); the cause says what went wrong.
	const cause = err instanceof Error && err.cause instanceof Error ? err.cause : undefined;
	const message = cause ? cause.message : err instanceof Error ? err.message : String(err);
	return message.replace(/\s*\n\s*/g, ' ').trim();
}

export function print(text: string) {
	process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown) {
	process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function str(values: Values, name: string): string | undefined {
	const v = values[name];
	return typeof v === 'string' ? v : undefined;
}

export function need(positionals: string[], index: number, what: string): string {
	const v = positionals[index];
	if (!v) throw new CliError(`missing ${what}`);
	return v;
}

export async function userByHandle(app: App, handle: string) {
	const user = await findUserByHandle(app, handle);
	if (!user) throw new CliError(`unknown user: ${handle}`);
	return user;
}

/** Plain text table for humans; scripts use --json. */
export function table(rows: Record<string, string>[]): string {
	if (!rows.length) return '';
	const cols = Object.keys(rows[0]!);
	const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
	const line = (cells: string[]) =>
		cells
			.map((cell, i) => cell.padEnd(width[i]!))
			.join('  ')
			.trimEnd();
	return [line(cols), ...rows.map((r) => line(cols.map((c) => r[c] ?? '')))].join('\n');
}
