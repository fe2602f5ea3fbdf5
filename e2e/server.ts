/**
 * The e2e web server, started by playwright.config.ts:
 *  1. holding /tmp/essaim-build.lock (other local servers build the shared `build/` folder
 *     too), builds the app if its sources are newer than the build, and copies it with
 *     `scripts/start.ts` into a private snapshot, so that a rebuild by someone else during the
 *     run cannot pull files from under the server;
 *  2. runs that copy of `scripts/start.ts`, which serves the snapshot. The working directory
 *     stays the repository (migrations and fixtures are read from there).
 * `--snapshot <dir>` is step 1, the part that runs under the lock.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');
const LOCK = '/tmp/essaim-build.lock';

function newest(path: string): number {
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** The same test as scripts/start.ts: is the build older than the sources? */
function stale(): boolean {
	const built = join(root, 'build', 'handler.js');
	const sources = ['src', 'static', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p)).filter(existsSync);
	return !existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs;
}

function snapshot(dir: string) {
	if (stale()) {
		console.log('Building Essaim for the end-to-end tests…');
		execFileSync(
			process.execPath,
			[join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
			{
				stdio: 'inherit',
				cwd: root
			}
		);
	}
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	for (const p of ['src', 'scripts', 'package.json']) {
		cpSync(join(root, p), join(dir, p), { recursive: true, preserveTimestamps: true });
	}
	cpSync(join(root, 'build'), join(dir, 'build'), { recursive: true });
	symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
	// Newer than every copied source, so the copy of start.ts serves it as it is.
	const now = new Date();
	utimesSync(join(dir, 'build', 'handler.js'), now, now);
}

function hasFlock(): boolean {
	try {
		execFileSync('flock', ['--version'], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

const at = process.argv.indexOf('--snapshot');
if (at >= 0) {
	snapshot(process.argv[at + 1]!);
} else {
	const dir = join(tmpdir(), `essaim-e2e-app-${process.env.PORT ?? 'default'}`);
	const args = [join(import.meta.dirname, 'server.ts'), '--snapshot', dir];
	if (hasFlock()) execFileSync('flock', [LOCK, process.execPath, ...args], { stdio: 'inherit' });
	else execFileSync(process.execPath, args, { stdio: 'inherit' });
	await import(pathToFileURL(join(dir, 'scripts', 'start.ts')).href);
}
