/**
 * The only module that reads the environment. Every setting, its default and its meaning
 * is listed here and in README.md ("Configuration"); `essaim config` prints what is in effect.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
	PORT: z.coerce.number().int().min(1).max(65535).default(3000),
	HOST: z.string().default('0.0.0.0'),
	PUBLIC_URL: z.url().optional(),
	DATA_DIR: z.string().default('./data'),
	DATABASE_URL: z.string().optional(),
	ADMIN_EMAIL: z.email().default('admin@localhost.test'),
	ADMIN_PASSWORD: z.string().min(12).optional(),
	INSTANCE_NAME: z.string().min(1).max(80).default('Essaim'),
	SMTP_URL: z.string().optional(),
	MAIL_FROM: z.string().default('Essaim <no-reply@localhost>'),
	METRICS_TOKEN: z.string().min(16).optional(),
	LOG_LEVEL: z
		.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
		.default(process.env.VITEST ? 'silent' : 'info'),
	AVATAR_MAX_BYTES: z.coerce
		.number()
		.int()
		.positive()
		.default(5 * 1024 * 1024),
	/** Images and attachments in lessons (PDF, ODT, ZIP). */
	FILE_MAX_BYTES: z.coerce
		.number()
		.int()
		.positive()
		.default(20 * 1024 * 1024),
	/** Uploaded videos and audio. */
	MEDIA_MAX_BYTES: z.coerce
		.number()
		.int()
		.positive()
		.default(200 * 1024 * 1024),
	JOBS_WORKER: bool.default(true),
	RATE_LIMITS: bool.default(true),
	SEED_DEMO: bool.default(true)
});

export type Config = z.infer<typeof schema> & {
	publicUrl: URL;
	dataDir: string;
	secureCookies: boolean;
	database: 'pglite' | 'postgres';
};

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
	const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new Error(`Invalid configuration: ${issue?.path.join('.')}: ${issue?.message}`);
	}
	const c = parsed.data;
	const publicUrl = new URL(c.PUBLIC_URL ?? `http://localhost:${c.PORT}`);
	return {
		...c,
		publicUrl,
		dataDir: resolve(c.DATA_DIR),
		secureCookies: publicUrl.protocol === 'https:',
		database: c.DATABASE_URL ? 'postgres' : 'pglite'
	};
}

let current: Config | undefined;
export function config(): Config {
	current ??= readConfig();
	return current;
}

/** For tests and the CLI: replace the configuration in effect. */
export function setConfig(next: Config) {
	current = next;
}

/** Configuration with secrets masked, for `essaim config` and the admin page. */
export function describeConfig(c: Config) {
	const mask = (v: string | undefined) => (v ? '********' : undefined);
	return {
		PORT: c.PORT,
		HOST: c.HOST,
		PUBLIC_URL: c.publicUrl.href,
		DATA_DIR: c.dataDir,
		DATABASE_URL: c.DATABASE_URL ? c.DATABASE_URL.replace(/\/\/[^@]*@/, '//****@') : undefined,
		database: c.database,
		ADMIN_EMAIL: c.ADMIN_EMAIL,
		ADMIN_PASSWORD: mask(c.ADMIN_PASSWORD),
		INSTANCE_NAME: c.INSTANCE_NAME,
		SMTP_URL: c.SMTP_URL ? c.SMTP_URL.replace(/\/\/[^@]*@/, '//****@') : undefined,
		MAIL_FROM: c.MAIL_FROM,
		METRICS_TOKEN: mask(c.METRICS_TOKEN),
		LOG_LEVEL: c.LOG_LEVEL,
		AVATAR_MAX_BYTES: c.AVATAR_MAX_BYTES,
		FILE_MAX_BYTES: c.FILE_MAX_BYTES,
		MEDIA_MAX_BYTES: c.MEDIA_MAX_BYTES,
		JOBS_WORKER: c.JOBS_WORKER,
		RATE_LIMITS: c.RATE_LIMITS,
		SEED_DEMO: c.SEED_DEMO
	};
}
