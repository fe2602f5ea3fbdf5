/**
 * Probe: where does the built server spend its CPU on the courses' pages? Builds (under
 * /tmp/essaim-build.lock, held until the last server has started), seeds users and courses like
 * the bench, then for each page starts `scripts/start.ts` under `node --cpu-prof`, loads only
 * that page (autocannon, 16 connections), stops the server (SIGTERM: the profile is written on
 * exit) and sums the samples' self time by where the code lives, with the top functions.
 * `node bench/profile-pages.ts [--duration 5] [--port 3931] [--top 12]`
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { load, logIn, waitFor } from './measure.ts';

const { values } = parseArgs({
	options: {
		duration: { type: 'string', default: '5' },
		port: { type: 'string', default: '3931' },
		top: { type: 'string', default: '12' }
	}
});
const PORT = Number(values.port);
const root = join(import.meta.dirname, '..');
const node = process.execPath;
const work = mkdtempSync(join(tmpdir(), 'essaim-profile-'));
const dataDir = join(work, 'data');
const children = new Set<ChildProcess>();

function start(args: string[], env: NodeJS.ProcessEnv = process.env, stdin: 'pipe' | 'ignore' = 'ignore') {
	const child = spawn(args[0]!, args.slice(1), { cwd: root, env, stdio: [stdin, 'pipe', 'inherit'] });
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}
const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', r)));
async function output(c: ChildProcess) {
	let out = '';
	c.stdout!.on('data', (d: Buffer) => (out += d));
	if ((await exited(c)) !== 0) throw new Error(`${c.spawnargs.join(' ')} failed`);
	return out;
}

interface Node {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
	nodes: Node[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

/** A child's CPU time (user + system) in ms, from /proc (Linux): the work, whatever the load. */
function cpuMs(pid: number) {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}

/** CLOCK_MONOTONIC in µs: the clock of V8's profile timestamps on Linux. */
const now = () => Number(process.hrtime.bigint() / 1000n);

function where(url: string, fn: string): string {
	if (fn === '(garbage collector)') return 'V8 garbage collector';
	if (fn === '(idle)' || fn === '(program)') return `${fn}`;
	if (url.startsWith('wasm://')) return 'PGlite: Postgres in WASM';
	if (url.includes('@electric-sql/pglite')) return 'PGlite: JS side (protocol, parsing)';
	if (url.includes('drizzle-orm')) return 'Drizzle';
	if (url.includes('/build/server/')) return 'app bundle (loads, SSR, Svelte, SvelteKit)';
	if (url.includes('/src/lib/server/')) return 'app server modules (src/lib/server)';
	if (url.startsWith('node:') || url === '') return 'Node internals (http, streams, native)';
	if (url.includes('node_modules/')) return `other node_modules (${url.split('node_modules/').at(-1)!.split('/')[0]})`;
	return 'other';
}

function summarise(file: string, top: number, window: [number, number]) {
	const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const collect = (inWindow: boolean) => {
		const self = new Map<number, number>();
		let t = p.startTime;
		for (let i = 0; i < p.samples.length; i++) {
			t += p.timeDeltas[i] ?? 0;
			if (inWindow && (t < window[0] || t > window[1])) continue;
			self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
		}
		return self;
	};
	let self = collect(true);
	if (self.size === 0) {
		console.log('  (clocks do not line up: whole profile, start-up included)');
		self = collect(false);
	}
	const groups = new Map<string, number>();
	const fns = new Map<string, number>();
	let total = 0;
	for (const [id, us] of self) {
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
		if (functionName === '(idle)') continue;
		total += us;
		const g = where(url, functionName);
		groups.set(g, (groups.get(g) ?? 0) + us);
		const short = url.replace(/^.*\/(node_modules|build|src)\//, '$1/');
		const key = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
		fns.set(key, (fns.get(key) ?? 0) + us);
	}
	const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
	console.log(`  busy CPU ${(total / 1e6).toFixed(2)} s (idle excluded)`);
	for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${pct(us)}  ${g}`);
	console.log('  top functions (self time):');
	for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`    ${pct(us)}  ${f}`);
}

async function main() {
	console.log('Building under /tmp/essaim-build.lock…');
	const holder = start(['flock', '/tmp/essaim-build.lock', node, 'bench/build-locked.ts'], process.env, 'pipe');
	await new Promise<void>((resolve, reject) => {
		let out = '';
		holder.stdout!.on('data', (d: Buffer) => ((out += d), out.includes('built') && resolve()));
		holder.once('exit', (code) => reject(new Error(`build failed (exit ${code})`)));
	});
	const seeded = JSON.parse(
		(await output(start([node, 'bench/seed.ts', '--data-dir', dataDir, '--users', '1000']))).trim().split('\n').at(-1)!
	) as { email: string; password: string; course: { slug: string; lessonId: string; query: string } };
	const c = seeded.course;
	const pages = [
		{ name: `/courses?q=${c.query} anonymous`, path: `/courses?q=${encodeURIComponent(c.query)}`, auth: false },
		{ name: '/courses/[slug] learner', path: `/courses/${c.slug}`, auth: true },
		{ name: '/courses/[slug]/lessons/[id] learner', path: `/courses/${c.slug}/lessons/${c.lessonId}`, auth: true },
		{ name: '/ logged in (for comparison)', path: '/', auth: true }
	];
	const publicUrl = `http://localhost:${PORT}`;
	const base = `http://127.0.0.1:${PORT}`;
	for (const [i, page] of pages.entries()) {
		const profDir = join(work, `prof-${i}`);
		const server = start([node, '--cpu-prof', `--cpu-prof-dir=${profDir}`, 'scripts/start.ts'], {
			...process.env,
			PORT: String(PORT),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			PUBLIC_URL: publicUrl,
			LOG_LEVEL: 'warn',
			RATE_LIMITS: 'false',
			ADMIN_PASSWORD: 'bench-admin-password-0123',
			DATABASE_URL: ''
		});
		server.stdout!.on('data', () => {});
		await waitFor(`${base}/healthz`, 120_000, () => server.exitCode === null);
		const headers = page.auth ? { cookie: await logIn(base, publicUrl, seeded.email, seeded.password) } : undefined;
		const first = await fetch(base + page.path, { headers });
		await first.arrayBuffer();
		if (i === pages.length - 1) holder.stdin!.end(); // every route chunk is loaded: others may build
		await load(base + page.path, { connections: 16, duration: 1, headers });
		const from = now();
		const cpuFrom = cpuMs(server.pid!);
		const r = await load(base + page.path, { connections: 16, duration: Number(values.duration), headers });
		const cpu = cpuMs(server.pid!) - cpuFrom;
		const to = now();
		server.kill('SIGTERM');
		await exited(server);
		console.log(
			`\n${page.name}: HTTP ${first.status}, ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms; ` +
				`server CPU ${(cpu / r.total).toFixed(2)} ms a request (${r.total} requests, profiler included); ` +
				'CPU profile of the measured seconds'
		);
		summarise(
			join(
				profDir,
				readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!
			),
			Number(values.top),
			[from, to]
		);
	}
}

try {
	await main();
} catch (err) {
	console.error('profile failed:', err instanceof Error ? err.message : err);
	process.exitCode = 1;
} finally {
	for (const c of children) c.kill('SIGTERM');
	rmSync(work, { recursive: true, force: true });
}
