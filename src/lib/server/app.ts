/**
 * One Essaim instance's services, wired once: database, auth, event bus, job queue, mail.
 * The web server, the CLI, the bench seeder and the tests all build it with `createApp`,
 * so they run exactly the same code.
 */
import type { Config } from './config.ts';
import { openDatabase, type Database, type Db } from './db/client.ts';
import { createAuth, type Auth } from './features/accounts/auth.ts';
import { registerAccountHandlers } from './features/accounts/accounts.events.ts';
import { SessionCache } from './features/accounts/session-cache.ts';
import { EventBus } from './features/platform/events.ts';
import { JobRunner } from './features/platform/jobs.ts';
import { ensureSecret } from './features/platform/settings.ts';
import { createMailer, mailSchema, type Mailer } from './features/mail/mailer.ts';
import { pruneRateLimits } from './features/platform/rate-limit.ts';
import { createEssaimFederation, type EssaimFederation } from './features/federation/federation.ts';
import { pruneFederationKv } from './features/federation/kv.ts';
import { sweepOrphanMediaFiles } from './features/media/media.service.ts';
import { submitExpiredAttempts } from './features/quizzes/expiry.ts';
import { registerNotificationJobs } from './features/notifications/notifications.mail.ts';
import { registerWikiHandlers } from './features/wiki/watch.service.ts';
import { registerForumHandlers } from './features/forums/forums.notify.ts';

export interface App {
	config: Config;
	database: Database;
	db: Db;
	auth: Auth;
	events: EventBus;
	jobs: JobRunner;
	mailer: Mailer;
	/** Resolved sessions for page reads, a few seconds at most (see session-cache.ts). */
	sessionCache: SessionCache;
	/** ActivityPub: actors, WebFinger, NodeInfo, inboxes (see FEDERATION.md). */
	federation: EssaimFederation;
	close(): Promise<void>;
}

export interface CreateAppOptions {
	database?: Database;
	mailer?: Mailer;
	/** Poll the job queue in the background (the web server does; tests and the CLI call runDue). */
	worker?: boolean;
}

export async function createApp(config: Config, opts: CreateAppOptions = {}): Promise<App> {
	const database = opts.database ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: `${config.dataDir}/db` }));
	await database.migrate();
	const db = database.db;
	const secret = await ensureSecret(db);
	const auth = createAuth({
		db,
		secret,
		publicUrl: config.publicUrl,
		instanceName: config.INSTANCE_NAME,
		secureCookies: config.secureCookies
	});
	const events = new EventBus();
	const jobs = new JobRunner(db);
	const mailer =
		opts.mailer ?? createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, dataDir: config.dataDir });
	jobs.register('mail.send', (payload) => mailer.send(mailSchema.parse(payload)));
	jobs.register('maintenance.prune', async () => {
		await pruneRateLimits(db);
		await pruneFederationKv(db);
		await database.analyze();
	});
	jobs.schedule('maintenance.prune', 60 * 60_000);
	const federation = createEssaimFederation({
		db,
		jobs,
		publicUrl: config.publicUrl,
		instanceName: config.INSTANCE_NAME
	});
	const app: App = {
		config,
		database,
		db,
		auth,
		events,
		jobs,
		mailer,
		sessionCache: new SessionCache(),
		federation,
		async close() {
			federation.close();
			await jobs.stop();
			await database.close();
		}
	};
	registerAccountHandlers(app);
	// Notification mail: one job per immediate mail, a daily digest.
	registerNotificationJobs(app);
	// Wiki: people who follow a lesson are notified when it changes.
	registerWikiHandlers(app);
	// Forums: followers and mentioned readers hear of posts; authors of accepted answers.
	registerForumHandlers(app);
	// Media files whose lesson or course was deleted (rows cascade; files on disk do not).
	jobs.register('maintenance.media', async () => void (await sweepOrphanMediaFiles(app)));
	jobs.schedule('maintenance.media', 24 * 60 * 60_000);
	// Quizzes: attempts whose time ran out unseen are submitted with what was saved.
	jobs.register('quizzes.expired', async () => void (await submitExpiredAttempts(app)));
	jobs.schedule('quizzes.expired', 5 * 60_000);
	if (opts.worker) jobs.start();
	return app;
}
