#!/usr/bin/env node
// The `essaim` command. Essaim's sources are TypeScript run directly by Node 24 (type stripping):
// on an older Node, run again with the Node pinned in the project's dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
	await import(pathToFileURL(join(root, 'src', 'cli', 'main.ts')).href);
} else {
	const pinned = [join(root, 'node_modules', 'node', 'bin', 'node'), join(root, 'node_modules', '.bin', 'node')].find(
		existsSync
	);
	if (!pinned || process.env.ESSAIM_REEXEC) {
		process.stderr.write(`essaim: needs Node 24 or later (this is ${process.version}); run "npm install" first\n`);
		process.exit(1);
	}
	const child = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
		stdio: 'inherit',
		env: { ...process.env, ESSAIM_REEXEC: '1' }
	});
	if (child.error) {
		process.stderr.write(`essaim: ${child.error.message}\n`);
		process.exit(1);
	}
	process.exit(child.status ?? 1);
}
