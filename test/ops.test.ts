import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers.ts';
import { GET as healthz } from '../src/routes/healthz/+server.ts';
import { GET as metrics } from '../src/routes/metrics/+server.ts';
import { httpRequests } from '#lib/server/metrics.ts';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp({ METRICS_TOKEN: 'a-metrics-token-of-32-characters' });
});
afterAll(() => t?.close());

const call = (handler: typeof healthz | typeof metrics, headers: Record<string, string> = {}) =>
	handler({
		request: new Request('http://localhost:3000/x', { headers }),
		locals: { app: t.app }
	} as unknown as never);

describe('operations endpoints', () => {
	it('/healthz answers 200 with the database kind when the database answers', async () => {
		const res = await call(healthz);
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ status: 'ok', database: t.app.database.kind });
	});

	it('/metrics needs the bearer token and then serves Prometheus text', async () => {
		expect((await call(metrics)).status).toBe(401);
		expect((await call(metrics, { authorization: 'Bearer wrong-token-of-the-same-length!!' })).status).toBe(401);
		httpRequests.inc({ method: 'GET', route: '/', status: 200 });
		const res = await call(metrics, { authorization: 'Bearer a-metrics-token-of-32-characters' });
		expect(res.status).toBe(200);
		const text = await res.text();
		expect(text).toContain('essaim_http_requests_total{method="GET",route="/",status="200"}');
		expect(text).toContain('# TYPE essaim_http_request_duration_seconds histogram');
		expect(text).toContain('essaim_http_errors_total');
	});
});
