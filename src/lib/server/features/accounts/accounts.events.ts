import type { App } from '../../app.ts';
import { log } from '../../log.ts';

/** Side effects of account events. Later features (badges, federation) add theirs beside. */
export function registerAccountHandlers(app: Pick<App, 'events'>) {
	app.events.on('UserRegistered', ({ userId, handle }) => {
		log.info({ userId, handle }, 'user registered');
	});
	app.events.on('UserDeleted', ({ userId }) => {
		log.info({ userId }, 'user deleted');
	});
}
