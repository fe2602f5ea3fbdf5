/**
 * The one Fedify instance of an Essaim process. Everything it serves is registered here,
 * explicitly, one function per concern, so this file is the federation's routing table.
 * State lives in the database (keys, cache, queue), never in this process.
 */
import { createFederation, type Federation } from '@fedify/fedify';
import type { Db } from '../../db/client.ts';
import type { JobRunner } from '../platform/jobs.ts';
import { registerActors, registerCollections } from './actors.ts';
import { registerInbox } from './inbox.ts';
import { DrizzleKvStore } from './kv.ts';
import { registerNodeInfo } from './nodeinfo.ts';
import { JobsMessageQueue } from './queue.ts';

/** What dispatchers and listeners receive as `ctx.data`: the same for every request and job. */
export interface ContextData {
	db: Db;
	instanceName: string;
}

export interface FederationDeps {
	db: Db;
	jobs: JobRunner;
	publicUrl: URL;
	instanceName: string;
	/** Lets Fedify fetch and deliver to localhost and private networks: for tests only. */
	allowPrivateAddress?: boolean;
}

export interface EssaimFederation {
	federation: Federation<ContextData>;
	contextData: ContextData;
	/** Serves a federation request, or calls `fallback` (the HTML pages) when it is not one. */
	fetch(request: Request, fallback: () => Promise<Response>): Promise<Response>;
	close(): void;
}

export function createEssaimFederation(deps: FederationDeps): EssaimFederation {
	const federation = createFederation<ContextData>({
		kv: new DrizzleKvStore(deps.db),
		queue: new JobsMessageQueue(deps.db, deps.jobs),
		manuallyStartQueue: true,
		// Ids come from PUBLIC_URL, not from the request: right behind a proxy or on plain http.
		origin: deps.publicUrl.origin,
		allowPrivateAddress: deps.allowPrivateAddress ?? false
	});
	registerActors(federation);
	registerCollections(federation);
	registerInbox(federation);
	registerNodeInfo(federation);

	const contextData: ContextData = { db: deps.db, instanceName: deps.instanceName };
	const stop = new AbortController();
	// Registers Fedify's handler with the job runner; the promise settles when `close` aborts.
	void federation.startQueue(contextData, { signal: stop.signal });
	return {
		federation,
		contextData,
		fetch: (request, fallback) =>
			federation.fetch(request, { contextData, onNotFound: fallback, onNotAcceptable: fallback }),
		close: () => stop.abort()
	};
}
