import type { Command } from '../context.ts';

export function helpText(commands: Record<string, Command>): string {
	const lines = Object.values(commands).map((c) => `  essaim ${c.usage}\n      ${c.summary}`);
	return `Essaim command line: manage this instance (the one DATA_DIR or DATABASE_URL points to).

Usage:
${lines.join('\n')}
  essaim help
      Show this help.

Global option: --verbose shows logs and, on error, the stack trace.
With PGlite (no DATABASE_URL), stop the server before using commands that open the database.
`;
}
