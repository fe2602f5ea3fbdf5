/** Parses the command line, opens the instance when needed, runs one command, reports errors. */
import { parseArgs } from 'node:util';
import { createApp, type App } from '#lib/server/app.ts';
import { config } from '#lib/server/config.ts';
import { CliError, errorLine, type CliEnv, type Command } from './context.ts';
import { userCommands } from './commands/user.ts';
import { roleCommands } from './commands/role.ts';
import { instanceCommands } from './commands/instance.ts';
import { transferCommands } from './commands/transfer.ts';
import { courseCommands } from './commands/course.ts';
import { giftCommands } from './commands/gift.ts';
import { helpText } from './commands/help.ts';

export const COMMANDS: Record<string, Command> = {
	...userCommands,
	...roleCommands,
	...instanceCommands,
	...transferCommands,
	...courseCommands,
	...giftCommands
};

function findCommand(args: string[]): { name: string; rest: string[] } | undefined {
	const two = args.slice(0, 2).join(' ');
	if (COMMANDS[two]) return { name: two, rest: args.slice(2) };
	if (args[0] && COMMANDS[args[0]]) return { name: args[0], rest: args.slice(1) };
	return undefined;
}

export async function run(args: string[], env: CliEnv): Promise<number> {
	const first = args[0];
	if (!first || first === 'help' || first === '--help' || first === '-h') {
		process.stdout.write(helpText(COMMANDS));
		return 0;
	}
	const found = findCommand(args);
	if (!found) {
		const known = Object.keys(COMMANDS).some((c) => c.startsWith(`${first} `));
		process.stderr.write(
			`essaim: unknown command: ${known ? args.slice(0, 2).join(' ') : first} (see "essaim help")\n`
		);
		return 2;
	}
	const command = COMMANDS[found.name]!;
	let app: App | undefined;
	try {
		const { values, positionals } = parseArgs({
			args: found.rest,
			options: command.options ?? {},
			allowPositionals: true,
			strict: true
		});
		if (command.needsApp) app = await createApp(config(), { worker: false });
		const code = await command.run({ app: app as App, values, positionals, env });
		return typeof code === 'number' ? code : 0;
	} catch (err) {
		process.stderr.write(`essaim ${found.name}: ${errorLine(err)}\n`);
		if (env.verbose && !(err instanceof CliError) && err instanceof Error) console.error(err.stack);
		return 1;
	} finally {
		await app?.close();
	}
}
