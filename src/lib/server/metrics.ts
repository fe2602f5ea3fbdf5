/** Prometheus metrics, served at /metrics when METRICS_TOKEN is set (Bearer token). */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'essaim_' });

export const httpRequests = new Counter({
	name: 'essaim_http_requests_total',
	help: 'HTTP requests answered, by method, route and status',
	labelNames: ['method', 'route', 'status'] as const,
	registers: [registry]
});

export const httpDuration = new Histogram({
	name: 'essaim_http_request_duration_seconds',
	help: 'Time to answer HTTP requests, by route',
	labelNames: ['route'] as const,
	buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
	registers: [registry]
});

export const httpErrors = new Counter({
	name: 'essaim_http_errors_total',
	help: 'Unexpected server errors (HTTP 5xx), by route',
	labelNames: ['route'] as const,
	registers: [registry]
});
