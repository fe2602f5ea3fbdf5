import type { App } from '../../app.ts';
import { log } from '../../log.ts';

/** Side effects of account events. Later features (badges, federation) add theirs beside. */
export function registerAccountHandlers(app: Pick<App, 'events' | 'sessionCache'>) {
	// Whatever changes someone's access makes their cached sessions stale.
	const forget = ({ userId }: { userId: string }) => app.sessionCache.forgetUser(userId);
	for (const name of ['UserSuspended', 'UserDeleted', 'RoleGranted', 'RoleRevoked', 'PasswordReset'] as const)
		app.events.on(name, forget);
	app.events.on('UserRegistered', ({ userId, handle }) => {
		log.info({ userId, handle }, 'user registered');
	});
	app.events.on('UserDeleted', ({ userId }) => {
		log.info({ userId }, 'user deleted');
	});
}
