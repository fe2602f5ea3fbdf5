/**
 * `npm test`: every test, in order, stopping at the first failure.
 *   1. translations complete (scripts/check-i18n.ts)
 *   2. svelte-kit sync, then type checks (svelte-check, warnings fail)
 *   3. unit and integration tests (vitest; against PostgreSQL when DATABASE_URL is set)
 *   4. end-to-end tests in Debian's chromium, axe included (playwright)
 * Each tool is started with this Node (process.execPath) and its JS entry point, not a
 * node_modules/.bin shim, so Node 24 runs them even when PATH starts with an older Node.
 * Extra arguments are passed to playwright, e.g. `npm test -- e2e/forms.spec.ts`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const node = process.execPath;
const bin = (...p: string[]) => join(root, 'node_modules', ...p);

const timings: [string, number][] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function summary() {
	if (!timings.length) return;
	console.log('\nDurations:');
	for (const [name, ms] of timings) console.log(`  ${seconds(ms).padStart(8)}  ${name}`);
}

function fail(message: string): never {
	summary();
	console.error(`\n✘ ${message}`);
	process.exit(1);
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
	console.log(
		`\n━━ ${name} ━━\n$ ${[command === node ? 'node' : command, ...args.map((a) => a.replace(root + '/', ''))].join(' ')}`
	);
	const start = performance.now();
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
	const ms = performance.now() - start;
	timings.push([name, ms]);
	if (result.error) fail(`${name}: could not start ${command}: ${result.error.message}`);
	if (result.status !== 0) {
		const why = result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
		fail(`${name} failed (${why}, after ${seconds(ms)}). Later steps were not run.`);
	}
	console.log(`✔ ${name} (${seconds(ms)})`);
}

/** The e2e suite needs Debian's chromium; as root we install it, otherwise we say how. */
function ensureChromium() {
	if (existsSync(CHROMIUM)) return;
	const isRoot = process.getuid?.() === 0;
	if (!isRoot) {
		fail(
			`The end-to-end tests need Chromium at ${CHROMIUM}, which is missing.\n` +
				`  Install it, then run npm test again:\n` +
				`    sudo apt-get update && sudo apt-get install -y chromium`
		);
	}
	console.log(`\n${CHROMIUM} is missing: installing Debian's chromium package (apt-get, as root)…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const start = performance.now();
	for (const args of [['update'], ['install', '-y', 'chromium']]) {
		const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
		if (r.error || r.status !== 0) fail(`apt-get ${args.join(' ')} failed; install chromium yourself and retry.`);
	}
	timings.push(['install chromium', performance.now() - start]);
	if (!existsSync(CHROMIUM)) fail(`chromium was installed but ${CHROMIUM} is still missing.`);
}

const total = performance.now();
console.log(
	`Essaim tests with Node ${process.version}${process.env.DATABASE_URL ? ', DATABASE_URL set (PostgreSQL)' : ''}`
);

run('translations', node, [join(root, 'scripts', 'check-i18n.ts')]);
run('svelte-kit sync', node, [bin('@sveltejs', 'kit', 'svelte-kit.js'), 'sync']);
run('type checks', node, [
	bin('svelte-check', 'bin', 'svelte-check'),
	'--tsconfig',
	'./tsconfig.json',
	'--fail-on-warnings'
]);
run('unit and integration tests', node, [bin('vitest', 'vitest.mjs'), 'run']);
ensureChromium();
// The e2e server always uses its own PGlite data directory (see playwright.config.ts).
run('end-to-end tests', node, [bin('@playwright', 'test', 'cli.js'), 'test', ...process.argv.slice(2)]);

timings.push(['total', performance.now() - total]);
summary();
console.log('\n✔ All tests passed.');
