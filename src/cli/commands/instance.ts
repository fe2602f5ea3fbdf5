/** `essaim migrate` and `essaim config`. */
import { describeConfig, readConfig } from '#lib/server/config.ts';
import { print, printJson, table, type Command } from '../context.ts';

const migrate: Command = {
	usage: 'migrate',
	summary: 'Apply pending database migrations (the server also does this at start-up).',
	needsApp: true,
	async run({ app }) {
		// createApp has migrated already; say where.
		print(`Database up to date (${app.database.kind}${app.config.DATABASE_URL ? '' : `, ${app.config.dataDir}/db`}).`);
	}
};

const config: Command = {
	usage: 'config [--json]',
	summary: 'Print the configuration in effect, secrets masked.',
	options: { json: { type: 'boolean' } },
	needsApp: false,
	async run({ values, env }) {
		const shown = describeConfig(readConfig({ ...process.env, LOG_LEVEL: env.logLevel }));
		if (values.json) return printJson(shown);
		print(
			table(
				Object.entries(shown).map(([setting, v]) => ({ setting, value: v === undefined ? '(not set)' : String(v) }))
			)
		);
	}
};

export const instanceCommands: Record<string, Command> = { migrate, config };
