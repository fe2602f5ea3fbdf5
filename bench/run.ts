/**
 * `npm run bench`: builds, seeds a fresh instance with N users and the courses (a 250-lesson
 * course with a 200-term glossary, 50 more for the catalogue), starts the built server and a
 * bare node:http baseline, then measures each target one after another with autocannon and
 * prints requests/s, latency and the bytes each page ships, then times the glossary linker
 * alone, GIFT parsing alone, and a 20-question quiz taken by 500 learners through the
 * services. Over HTTP too: a 20-question quiz started, answered and submitted by 500 learners
 * (bench/seed-quiz.ts) and a lesson history of 500 revisions (bench/seed-history.ts).
 * Numbers only, never pass/fail.
 * Flags: --users 1000 --connections 16 --duration 10 --warmup 2 --port 3300 (bare: port + 1).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { load, loadRotated, logIn, waitFor, weigh, type Load, type Rotated, type Weight } from './measure.ts';

const { values: flags } = parseArgs({
	options: {
		users: { type: 'string', default: '1000' },
		connections: { type: 'string', default: '16' },
		duration: { type: 'string', default: '10' },
		warmup: { type: 'string', default: '2' },
		port: { type: 'string', default: '3300' }
	}
});
const USERS = Number(flags.users);
const CONNECTIONS = Number(flags.connections);
const DURATION = Number(flags.duration);
const WARMUP = Number(flags.warmup);
const PORT = Number(flags.port);
const root = join(import.meta.dirname, '..');
const node = process.execPath;

// ---- cleanup, on success, failure and Ctrl-C ----
const children = new Set<ChildProcess>();
const cleanups: Array<() => unknown> = [];
let cleaning: Promise<void> | undefined;

function start(
	args: string[],
	opts: { env?: NodeJS.ProcessEnv; stdin?: 'pipe' | 'ignore'; stdout?: 'pipe' | 'inherit' }
) {
	const child = spawn(args[0]!, args.slice(1), {
		cwd: root,
		env: opts.env ?? process.env,
		stdio: [opts.stdin ?? 'ignore', opts.stdout ?? 'inherit', 'inherit']
	});
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;

async function stop(child: ChildProcess) {
	if (!alive(child)) return;
	const exited = new Promise((r) => child.once('exit', r));
	child.stdin?.end();
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(timer);
}

function cleanup() {
	cleaning ??= (async () => {
		await Promise.all([...children].map(stop));
		for (const fn of cleanups.reverse()) {
			try {
				await fn();
			} catch (err) {
				console.error('cleanup:', err);
			}
		}
	})();
	return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
	process.once(signal, () => {
		console.error(`\n${signal}: cleaning up…`);
		void cleanup().finally(() => process.exit(130));
	});

// ---- steps ----
async function buildAndHoldLock() {
	console.log('Building (under /tmp/essaim-build.lock; waits while another build or server holds it)…');
	const holder = start(['flock', '/tmp/essaim-build.lock', node, 'bench/build-locked.ts'], {
		stdin: 'pipe',
		stdout: 'pipe'
	});
	await new Promise<void>((resolve, reject) => {
		let out = '';
		holder.stdout!.on('data', (d: Buffer) => {
			out += d;
			if (out.includes('built')) resolve();
		});
		holder.once('exit', (code) => reject(new Error(`build failed (exit ${code})`)));
	});
	return () => stop(holder);
}

async function freshDatabaseUrl(): Promise<string | undefined> {
	const url = process.env.DATABASE_URL;
	if (!url) return undefined;
	const { default: postgres } = await import('postgres');
	const name = `essaim_bench_${randomBytes(6).toString('hex')}`;
	const admin = postgres(url, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database ${name}`);
	cleanups.push(async () => {
		await admin.unsafe(`drop database if exists ${name} with (force)`);
		await admin.end();
	});
	const target = new URL(url);
	target.pathname = `/${name}`;
	return target.href;
}

async function seed(dataDir: string, databaseUrl: string | undefined) {
	const args = [node, 'bench/seed.ts', '--data-dir', dataDir, '--users', String(USERS)];
	if (databaseUrl) args.push('--database-url', databaseUrl);
	const child = start(args, { stdout: 'pipe' });
	let out = '';
	child.stdout!.on('data', (d: Buffer) => (out += d));
	const code = await new Promise((r) => child.once('exit', r));
	if (code !== 0) throw new Error(`seeding failed (exit ${code})`);
	return JSON.parse(out.trim().split('\n').at(-1)!) as {
		email: string;
		password: string;
		ms: number;
		usersMs: number;
		coursesMs: number;
		course: {
			slug: string;
			lessons: number;
			meanWords: number;
			terms: number;
			done: number;
			lessonId: string;
			courses: number;
			query: string;
			matches: number;
		};
		forum: { threadId: string; replies: number };
	};
}

/** Runs a seeding script of ours against the seeded data (before the server starts); its last line is JSON. */
async function seedMore<T>(script: string, dataDir: string, databaseUrl: string | undefined): Promise<T> {
	const args = [node, script, '--data-dir', dataDir];
	if (databaseUrl) args.push('--database-url', databaseUrl);
	const child = start(args, { stdout: 'pipe' });
	let out = '';
	child.stdout!.on('data', (d: Buffer) => (out += d));
	const code = await new Promise((r) => child.once('exit', r));
	if (code !== 0) throw new Error(`${script} failed (exit ${code})`);
	return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}
interface QuizSeed {
	courseSlug: string;
	quizId: string;
	slots: Array<{ versionId: string; qtype: string; answers: string[] }>;
	cookies: string[];
	ms: number;
}

/** The glossary linker alone, in a child process: 5,000 words × 1,000 terms (bench/linker.ts). */
async function timeLinker() {
	const child = start([node, 'bench/linker.ts', '--runs', '200'], { stdout: 'pipe' });
	let out = '';
	child.stdout!.on('data', (d: Buffer) => (out += d));
	const code = await new Promise((r) => child.once('exit', r));
	if (code !== 0) throw new Error(`linker timing failed (exit ${code})`);
	return JSON.parse(out.trim().split('\n').at(-1)!) as {
		runs: number;
		htmlChars: number;
		links: number;
		tablesMs: number;
		buildMs: number;
		medianMs: number;
		p95Ms: number;
	};
}

/** The wiki's word diff and merge alone, in a child process: a 5,000-word lesson (bench/wiki-diff.ts). */
async function timeWikiDiff() {
	const child = start([node, 'bench/wiki-diff.ts', '--runs', '100'], { stdout: 'pipe' });
	let out = '';
	child.stdout!.on('data', (d: Buffer) => (out += d));
	const code = await new Promise((r) => child.once('exit', r));
	if (code !== 0) throw new Error(`wiki diff timing failed (exit ${code})`);
	return JSON.parse(out.trim().split('\n').at(-1)!) as {
		runs: number;
		chars: number;
		changes: number;
		diff: { medianMs: number; p95Ms: number };
		merge: { medianMs: number; p95Ms: number };
	};
}

/** GIFT parsing and export alone, in a child process: Moodle's examples.txt and × 50 (features/questions/gift/gift.bench.ts). */
async function timeGift() {
	const child = start([node, 'src/lib/server/features/questions/gift/gift.bench.ts', '--runs', '200', '--json'], {
		stdout: 'pipe'
	});
	let out = '';
	child.stdout!.on('data', (d: Buffer) => (out += d));
	const code = await new Promise((r) => child.once('exit', r));
	if (code !== 0) throw new Error(`GIFT timing failed (exit ${code})`);
	return JSON.parse(out.trim().split('\n').at(-1)!) as {
		runs: number;
		examples: { chars: number; questions: number; coldMs: number; medianMs: number; p95Ms: number };
		big: { chars: number; questions: number; parseMs: number; exportMedianMs: number };
	};
}

/** Quizzes through the services, in a child process: 20 questions × 500 learners (features/quizzes/quizzes.bench.ts). */
async function timeQuiz() {
	const child = start([node, 'src/lib/server/features/quizzes/quizzes.bench.ts', '--learners', '500', '--json'], {
		stdout: 'pipe'
	});
	let out = '';
	child.stdout!.on('data', (d: Buffer) => (out += d));
	const code = await new Promise((r) => child.once('exit', r));
	if (code !== 0) throw new Error(`quiz timing failed (exit ${code})`);
	type Times = { count: number; medianMs: number; p95Ms: number; maxMs: number };
	return JSON.parse(out.trim().split('\n').at(-1)!) as {
		learners: number;
		questions: number;
		concurrency: number;
		totalMs: number;
		start: Times;
		save: Times;
		submit: Times;
	};
}

/**
 * The quiz over HTTP, against the built server: 500 learners each start the quiz once (all at
 * once: one connection each), then answers are saved through the save endpoint of static/quiz.js
 * at 64 connections (learner, question and answer rotated), then each learner submits their
 * attempt once with its 20 answers (all at once). Start and submit answer 303 when they succeed.
 */
async function quizOverHttp(base: string, origin: string, seed: QuizSeed): Promise<Array<[string, Rotated]>> {
	const n = seed.cookies.length;
	const course = `/courses/${seed.courseSlug}`;
	const form = (cookie: string) => ({
		cookie,
		origin,
		accept: 'text/html',
		'content-type': 'application/x-www-form-urlencoded'
	});
	const attempts = new Array<string | undefined>(n);
	const started = await loadRotated(base, {
		connections: n,
		amount: n,
		next: (i) => ({
			key: String(i % n),
			path: `${course}/quizzes/${seed.quizId}?/start`,
			headers: form(seed.cookies[i % n]!),
			body: ''
		}),
		onResponse: (key, status, headers) => {
			const id = /\/attempts\/([0-9a-f-]{36})/.exec(headers.location ?? '')?.[1];
			if (status === 303 && id) attempts[Number(key)] = id;
		}
	});
	const ready = attempts.flatMap((id, i) => (id ? [{ i, id }] : []));
	if (!ready.length) throw new Error(`no attempt started (statuses ${JSON.stringify(started.statuses)})`);
	const answer = (slot: number, k: number) => {
		const s = seed.slots[slot]!;
		return new URLSearchParams({ slot: `${slot}:${s.versionId}`, [`q${slot}`]: s.answers[k % s.answers.length]! });
	};
	const saveAt = (i: number) => {
		const a = ready[i % ready.length]!;
		const slot = Math.floor(i / ready.length) % seed.slots.length;
		return {
			key: `${a.i}:${slot}`,
			path: `${course}/attempts/${a.id}/save`,
			headers: { ...form(seed.cookies[a.i]!), accept: 'application/json' },
			body: answer(slot, i).toString()
		};
	};
	const saveOpts = { connections: 64, next: saveAt };
	if (WARMUP > 0) await loadRotated(base, { ...saveOpts, duration: WARMUP });
	const saved = await loadRotated(base, { ...saveOpts, duration: DURATION });
	const submitted = await loadRotated(base, {
		connections: ready.length,
		amount: ready.length,
		next: (i) => {
			const a = ready[i % ready.length]!;
			const body = seed.slots.map((_, slot) => answer(slot, a.i + slot).toString()).join('&');
			return { key: String(a.i), path: `${course}/attempts/${a.id}?/submit`, headers: form(seed.cookies[a.i]!), body };
		}
	});
	return [
		[`quiz start POST (${n} learners once, ${n} connections, 303)`, started],
		['quiz save answer POST (JSON endpoint, 64 connections)', saved],
		[`quiz submit POST (${ready.length} × 20 answers once, ${ready.length} connections, 303)`, submitted]
	];
}

// ---- output ----
const fmt = (n: number, digits = 0) =>
	n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function table(head: string[], rows: string[][]) {
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const line = (cells: string[]) =>
		cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
	console.log(line(head));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	for (const r of rows) console.log(line(r));
}

// ---- main ----
async function main() {
	const releaseLock = await buildAndHoldLock();
	const dataDir = mkdtempSync(join(tmpdir(), 'essaim-bench-'));
	cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
	const databaseUrl = await freshDatabaseUrl();

	console.log(`Seeding ${USERS} users into ${databaseUrl ? 'a fresh PostgreSQL database' : `PGlite in ${dataDir}`}…`);
	const login = await seed(dataDir, databaseUrl);
	const c = login.course;
	console.log(
		`  seeded in ${(login.ms / 1000).toFixed(1)} s (users ${(login.usersMs / 1000).toFixed(1)} s, courses ${(login.coursesMs / 1000).toFixed(1)} s): ` +
			`course ${c.slug} with ${c.lessons} lessons (${c.meanWords} words on average), ${c.terms} glossary terms, ` +
			`${c.done} done by the learner; ${c.courses} published courses, "${c.query}" matches ${c.matches}`
	);

	console.log('Seeding the quiz (20 questions, 500 learners logged in) and a lesson history of 500 revisions…');
	const quizSeed = await seedMore<QuizSeed>('bench/seed-quiz.ts', dataDir, databaseUrl);
	const historySeed = await seedMore<{ lessonId: string; revisions: number; ms: number }>(
		'bench/seed-history.ts',
		dataDir,
		databaseUrl
	);
	console.log(
		`  quiz in ${(quizSeed.ms / 1000).toFixed(1)} s (${quizSeed.cookies.length} learners), ` +
			`${historySeed.revisions} revisions in ${(historySeed.ms / 1000).toFixed(1)} s`
	);

	const publicUrl = `http://localhost:${PORT}`;
	const base = `http://127.0.0.1:${PORT}`;
	const bare = `http://127.0.0.1:${PORT + 1}/`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(PORT),
		HOST: '127.0.0.1',
		DATA_DIR: dataDir,
		PUBLIC_URL: publicUrl,
		LOG_LEVEL: 'warn',
		RATE_LIMITS: 'false',
		ADMIN_PASSWORD: 'bench-admin-password-0123',
		DATABASE_URL: databaseUrl ?? ''
	};
	const server = start([node, 'scripts/start.ts'], { env, stdout: 'pipe' });
	server.stdout!.on('data', () => {}); // "Essaim is running": not needed on screen
	const bareServer = start([node, 'bench/bare-server.ts'], {
		env: { ...process.env, PORT: String(PORT + 1) },
		stdout: 'pipe'
	});
	bareServer.stdout!.on('data', () => {});
	await waitFor(`${base}/healthz`, 120_000, () => alive(server));
	await waitFor(bare, 10_000, () => alive(bareServer));

	const cookie = await logIn(base, publicUrl, login.email, login.password);
	const auth = { cookie };
	const account = await fetch(`${base}/account`, { headers: auth, redirect: 'manual' });
	await account.arrayBuffer();

	const targets: Array<{
		name: string;
		url: string;
		headers?: Record<string, string>;
		weigh: boolean;
		method?: 'POST';
		body?: string;
	}> = [
		{ name: 'bare node:http (10 KB)', url: bare, weigh: false },
		{ name: '/ anonymous', url: `${base}/`, weigh: true },
		{ name: '/login anonymous', url: `${base}/login`, weigh: true },
		{ name: '/ logged in', url: `${base}/`, headers: auth, weigh: true }
	];
	if (account.status === 200)
		targets.push({ name: '/account logged in', url: `${base}/account`, headers: auth, weigh: true });
	else console.log(`  /account answers ${account.status} when logged in: not measured`);
	// The courses' pages: each must answer 200 before it is measured.
	const coursePages = [
		{ name: `/courses?q=${c.query} anonymous`, url: `${base}/courses?q=${encodeURIComponent(c.query)}` },
		{ name: '/courses/[slug] learner', url: `${base}/courses/${c.slug}`, headers: auth },
		{
			name: '/courses/[slug]/lessons/[id] learner',
			url: `${base}/courses/${c.slug}/lessons/${c.lessonId}`,
			headers: auth
		}
	];
	// A forum thread with 200 replies: its first page and its last (forums/reading.service.ts).
	const thread = `${base}/courses/${c.slug}/forum/t/${login.forum.threadId}`;
	coursePages.push(
		{ name: `/courses/[slug]/forum/t/[id] learner (${login.forum.replies} replies)`, url: thread, headers: auth },
		{ name: '/courses/[slug]/forum/t/[id]?page=7 learner', url: `${thread}?page=7`, headers: auth }
	);
	// A lesson history with 500 revisions (wiki/revisions.service.ts listRevisions), read by the learner.
	coursePages.push({
		name: `/courses/[slug]/lessons/[id]/history learner (${historySeed.revisions} revisions)`,
		url: `${base}/courses/${c.slug}/lessons/${historySeed.lessonId}/history`,
		headers: auth
	});
	for (const p of coursePages) {
		const res = await fetch(p.url, { headers: p.headers, redirect: 'manual' });
		await res.arrayBuffer();
		if (res.status === 200) targets.push({ ...p, weigh: true });
		else console.log(`  ${p.name} answers ${res.status}: not measured`);
	}

	// Posting a reply to that thread (a form post answered by a 303 to the new post, so counted
	// as non-2xx), measured last since it makes the thread longer.
	const replyProbe = await fetch(`${thread}?/reply`, {
		method: 'POST',
		headers: { ...auth, origin: publicUrl, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: 'body=Une+r%C3%A9ponse+de+bench',
		redirect: 'manual'
	});
	await replyProbe.arrayBuffer();
	const replyTarget =
		replyProbe.status === 303
			? {
					name: '/courses/[slug]/forum/t/[id]?/reply POST learner (303)',
					url: `${thread}?/reply`,
					headers: {
						...auth,
						origin: publicUrl,
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded'
					},
					method: 'POST' as const,
					body: 'body=Une+r%C3%A9ponse+de+bench',
					weigh: false
				}
			: undefined;
	if (!replyTarget) console.log(`  posting a forum reply answers ${replyProbe.status}: not measured`);

	// Weigh while build/ cannot change under us, then let others build again.
	const weights: Array<[string, Weight]> = [];
	for (const t of targets.filter((t) => t.weigh)) weights.push([t.name, await weigh(t.url, t.headers)]);
	await releaseLock();

	const busy = loadavg()[0]!;
	if (busy > cpus().length)
		console.log(
			`\nNote: load average ${busy.toFixed(1)} on ${cpus().length} cores: other work competes, numbers are noisy.`
		);
	console.log(`\nLoad: ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s per target, one after another.`);
	const results: Array<[string, Load]> = [];
	if (replyTarget) targets.push(replyTarget);
	for (const t of targets) {
		const opts = { connections: CONNECTIONS, headers: t.headers, method: t.method, body: t.body };
		if (WARMUP > 0) await load(t.url, { ...opts, duration: WARMUP });
		const r = await load(t.url, { ...opts, duration: DURATION });
		console.log(`  ${t.name}: ${fmt(r.rps)} req/s`);
		results.push([t.name, r]);
	}

	const quizHttp = await quizOverHttp(base, publicUrl, quizSeed);
	for (const [name, r] of quizHttp) results.push([name, r]);

	const linker = await timeLinker();
	const wikiDiff = await timeWikiDiff();
	const gift = await timeGift();
	const quiz = await timeQuiz();

	const cpu = cpus();
	console.log(
		`\nEssaim bench — Node ${process.version}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ` +
			`${databaseUrl ? 'PostgreSQL' : 'PGlite'}, ${USERS} users, ${CONNECTIONS} connections, ${DURATION} s, ` +
			`load average ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}\n`
	);
	const baseline = results[0]![1].rps;
	table(
		['target', 'req/s', 'p50 ms', 'p99 ms', 'errors/non-2xx', 'vs bare'],
		results.map(([name, r]) => [
			name,
			fmt(r.rps),
			fmt(r.p50, 1),
			fmt(r.p99, 1),
			`${r.errors}/${r.non2xx}`,
			`${fmt((r.rps / baseline) * 100, 1)} %`
		])
	);
	console.log('\nBytes shipped per page (gzip: zlib level 6)\n');
	table(
		['page', 'status', 'HTML', 'HTML gz', 'inline <script>', 'JS files', 'JS', 'JS gz', 'CSS files', 'CSS', 'CSS gz'],
		weights.map(([name, w]) => [
			name,
			String(w.status),
			kb(w.html),
			kb(w.htmlGz),
			String(w.inlineScripts),
			String(w.js.files),
			kb(w.js.raw),
			kb(w.js.gz),
			String(w.css.files),
			kb(w.css.raw),
			kb(w.css.gz)
		])
	);
	console.log(
		'\nQuiz over HTTP (success: 303 for start and submit, 200 for save; duplicates: same learner answered twice)\n'
	);
	table(
		['step', 'requests', 'success', 'duplicates', 'other statuses', 'req/s', 'p50 ms', 'p99 ms'],
		quizHttp.map(([name, r]) => {
			const ok = name.includes('save') ? (r.statuses['200'] ?? 0) : (r.statuses['303'] ?? 0);
			const other = Object.entries(r.statuses)
				.filter(([s]) => s !== (name.includes('save') ? '200' : '303'))
				.map(([s, k]) => `${s}×${k}`)
				.join(' ');
			return [
				name.split(' (')[0]!,
				String(r.total),
				String(ok),
				name.includes('save') ? '–' : String(r.duplicates),
				other || '–',
				fmt(r.rps),
				fmt(r.p50, 1),
				fmt(r.p99, 1)
			];
		})
	);
	console.log(
		`\nGlossary linker alone (bench/linker.ts, its own process): ${fmt(linker.htmlChars)} chars of lesson HTML ` +
			`(5,000 words), 1,000 terms, ${linker.runs} runs\n`
	);
	table(
		['folding tables (once)', 'matcher build', 'link median', 'link p95', 'links'],
		[
			[
				`${fmt(linker.tablesMs, 1)} ms`,
				`${fmt(linker.buildMs, 1)} ms`,
				`${fmt(linker.medianMs, 2)} ms`,
				`${fmt(linker.p95Ms, 2)} ms`,
				String(linker.links)
			]
		]
	);
	console.log(
		`\nWiki word diff and three-way merge alone (bench/wiki-diff.ts): ${fmt(wikiDiff.chars)} chars (5,000 words), ` +
			`${wikiDiff.changes} changed runs, ${wikiDiff.runs} runs\n`
	);
	table(
		['diff median', 'diff p95', 'merge median', 'merge p95'],
		[
			[
				`${fmt(wikiDiff.diff.medianMs, 2)} ms`,
				`${fmt(wikiDiff.diff.p95Ms, 2)} ms`,
				`${fmt(wikiDiff.merge.medianMs, 2)} ms`,
				`${fmt(wikiDiff.merge.p95Ms, 2)} ms`
			]
		]
	);
	console.log(
		`\nGIFT alone (features/questions/gift/gift.bench.ts): Moodle's examples.txt, ${gift.examples.questions} questions ` +
			`(${fmt(gift.examples.chars)} chars), ${gift.runs} runs; then ${fmt(gift.big.questions)} questions ` +
			`(${fmt(gift.big.chars)} chars)\n`
	);
	table(
		['examples cold', 'examples median', 'examples p95', 'big parse', 'big export median'],
		[
			[
				`${fmt(gift.examples.coldMs, 1)} ms`,
				`${fmt(gift.examples.medianMs, 2)} ms`,
				`${fmt(gift.examples.p95Ms, 2)} ms`,
				`${fmt(gift.big.parseMs, 1)} ms`,
				`${fmt(gift.big.exportMedianMs, 1)} ms`
			]
		]
	);
	console.log(
		`\nQuizzes through the services (features/quizzes/quizzes.bench.ts): ${quiz.learners} learners × ` +
			`${quiz.questions} questions, ${quiz.concurrency} at a time, ${fmt(quiz.totalMs / 1000, 1)} s\n`
	);
	table(
		['step', 'count', 'median', 'p95', 'max'],
		(['start', 'save', 'submit'] as const).map((k) => [
			k === 'save' ? 'save one answer' : k === 'start' ? 'start attempt' : 'submit (grade)',
			String(quiz[k].count),
			`${fmt(quiz[k].medianMs, 1)} ms`,
			`${fmt(quiz[k].p95Ms, 1)} ms`,
			`${fmt(quiz[k].maxMs, 1)} ms`
		])
	);
}

try {
	await main();
} catch (err) {
	console.error('bench failed:', err instanceof Error ? err.message : err);
	process.exitCode = 1;
} finally {
	await cleanup();
}
