/**
 * The web server's App: created once per process by the `init` hook, with the first-start
 * tasks (the administrator account, the demo course). Closed cleanly on SIGINT/SIGTERM so PGlite flushes.
 */
import { config } from './config.ts';
import { createApp, type App } from './app.ts';
import { ensureAdmin } from './features/accounts/bootstrap.ts';
import { log } from './log.ts';
import { seedDemoCourse } from './features/courses/demo.ts';

let instance: Promise<App> | undefined;

export function getApp(): Promise<App> {
	instance ??= (async () => {
		const c = config();
		const app = await createApp(c, { worker: c.JOBS_WORKER });
		const admin = await ensureAdmin(app);
		if (c.SEED_DEMO && (await seedDemoCourse(app, admin.userId))) log.info('demo course created');
		for (const signal of ['SIGINT', 'SIGTERM'] as const) {
			process.once(signal, () => {
				log.info({ signal }, 'shutting down');
				void app.close().finally(() => process.exit(0));
			});
		}
		log.info({ url: c.publicUrl.href, database: c.database }, 'Essaim is ready');
		return app;
	})();
	return instance;
}
