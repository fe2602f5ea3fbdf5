// The few parts of autocannon 9's programmatic API the bench uses (the package ships no types).
declare module 'autocannon' {
	interface Histogram {
		average: number;
		mean: number;
		p50: number;
		p99: number;
		max: number;
	}
	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		headers?: Record<string, string>;
		timeout?: number;
		method?: string;
		body?: string;
		amount?: number;
		requests?: Array<{
			method?: string;
			setupRequest?: (req: RequestParams, context: Record<string, unknown>) => RequestParams;
			onResponse?: (
				status: number,
				body: string,
				context: Record<string, unknown>,
				headers: Record<string, string>
			) => void;
		}>;
	}
	interface RequestParams {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: string;
	}
	export interface Result {
		requests: Histogram;
		latency: Histogram;
		throughput: Histogram;
		errors: number;
		timeouts: number;
		non2xx: number;
		'2xx': number;
		/** Seconds. */
		duration: number;
	}
	export default function autocannon(opts: Options): Promise<Result>;
}
