/** What the bench measures: throughput and latency (autocannon), and the bytes a page ships. */
import { gzipSync } from 'node:zlib';
import autocannon from 'autocannon';

export interface Load {
	rps: number;
	p50: number;
	p99: number;
	errors: number;
	non2xx: number;
	total: number;
}

export async function load(
	url: string,
	opts: {
		connections: number;
		duration: number;
		headers?: Record<string, string>;
		method?: 'GET' | 'POST';
		body?: string;
	}
): Promise<Load> {
	const r = await autocannon({
		url,
		connections: opts.connections,
		duration: opts.duration,
		headers: opts.headers,
		method: opts.method ?? 'GET',
		body: opts.body
	});
	return {
		rps: r.requests.average,
		p50: r.latency.p50,
		p99: r.latency.p99,
		errors: r.errors + r.timeouts,
		non2xx: r.non2xx,
		total: r['2xx'] + r.non2xx
	};
}

export async function waitFor(url: string, timeoutMs: number, alive: () => boolean) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!alive()) throw new Error(`server exited before ${url} answered`);
		try {
			const res = await fetch(url);
			if (res.ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

/** Logs in through the real form, as a browser without JavaScript does; returns the Cookie header. */
export async function logIn(base: string, origin: string, email: string, password: string) {
	const res = await fetch(new URL('/login', base), {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password })
	});
	const token = res.headers.getSetCookie().find((c) => c.startsWith('essaim.session_token='));
	if (res.status !== 303 || !token) throw new Error(`log-in failed: HTTP ${res.status}`);
	return token.split(';')[0]!;
}

export interface Weight {
	status: number;
	html: number;
	htmlGz: number;
	inlineScripts: number;
	js: { files: number; raw: number; gz: number };
	css: { files: number; raw: number; gz: number };
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*["']?([^"'\\s>]+)`, 'i').exec(tag)?.[1];

/** The page's HTML, and the scripts, module preloads and stylesheets it references, raw and gzipped. */
export async function weigh(url: string, headers: Record<string, string> = {}): Promise<Weight> {
	const res = await fetch(url, { headers });
	const html = Buffer.from(await res.arrayBuffer());
	const text = html.toString('utf8');
	const js = new Set<string>();
	const css = new Set<string>();
	let inlineScripts = 0;
	for (const [tag] of text.matchAll(/<script\b[^>]*>/gi)) {
		const src = attr(tag, 'src');
		if (src) js.add(new URL(src, url).href);
		else inlineScripts++;
	}
	for (const [tag] of text.matchAll(/<link\b[^>]*>/gi)) {
		const rel = attr(tag, 'rel')?.toLowerCase();
		const href = attr(tag, 'href');
		if (!href) continue;
		if (rel === 'modulepreload') js.add(new URL(href, url).href);
		if (rel === 'stylesheet') css.add(new URL(href, url).href);
	}
	const sum = async (urls: Set<string>) => {
		let raw = 0;
		let gz = 0;
		for (const u of urls) {
			const r = await fetch(u, { headers });
			if (!r.ok) throw new Error(`${u}: HTTP ${r.status}`);
			const b = Buffer.from(await r.arrayBuffer());
			raw += b.length;
			gz += gzipSync(b).length;
		}
		return { files: urls.size, raw, gz };
	};
	return {
		status: res.status,
		html: html.length,
		htmlGz: gzipSync(html).length,
		inlineScripts,
		js: await sum(js),
		css: await sum(css)
	};
}

export interface Rotated extends Load {
	/** Responses by HTTP status. */
	statuses: Record<string, number>;
	/** Responses for a key (learner) already answered earlier in the same run. */
	duplicates: number;
}

/**
 * POSTs whose path, cookie and body change on every request (autocannon's `requests` with
 * `setupRequest`): `next(i)` gives the i-th request and its key (e.g. the learner). With
 * `amount`, exactly that many requests are sent (no warm-up) and req/s is amount / elapsed.
 */
export async function loadRotated(
	base: string,
	opts: {
		connections: number;
		duration?: number;
		amount?: number;
		next: (i: number) => { key: string; path: string; headers: Record<string, string>; body: string };
		onResponse?: (key: string, status: number, headers: Record<string, string>) => void;
	}
): Promise<Rotated> {
	let i = 0;
	const statuses: Record<string, number> = {};
	const seen = new Set<string>();
	let duplicates = 0;
	const r = await autocannon({
		url: base,
		connections: opts.connections,
		// autocannon rejects an explicit `undefined`.
		...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? 10 }),
		timeout: 120,
		requests: [
			{
				method: 'POST',
				setupRequest: (req, context) => {
					const next = opts.next(i++);
					context.key = next.key;
					return { ...req, method: 'POST', path: next.path, headers: next.headers, body: next.body };
				},
				onResponse: (status, _body, context, headers) => {
					const key = String(context.key);
					statuses[status] = (statuses[status] ?? 0) + 1;
					if (seen.has(key)) duplicates++;
					else seen.add(key);
					opts.onResponse?.(key, status, headers);
				}
			}
		]
	});
	const total = r['2xx'] + r.non2xx;
	return {
		rps: opts.amount ? total / Math.max(r.duration, 0.001) : r.requests.average,
		p50: r.latency.p50,
		p99: r.latency.p99,
		errors: r.errors + r.timeouts,
		non2xx: r.non2xx,
		total,
		statuses,
		duplicates
	};
}
