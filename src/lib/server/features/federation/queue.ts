/**
 * Fedify's message queue on our durable `jobs` table: inbox processing, fan-out and outgoing
 * deliveries survive a restart, and any app process running the job worker can take them.
 * Fedify keeps its own retry policy (`nativeRetrial` is false): a failed delivery is re-enqueued
 * by Fedify with its back-off, so the job itself normally succeeds.
 */
import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import type { Db } from '../../db/client.ts';
import type { JobRunner } from '../platform/jobs.ts';
import { enqueue } from '../platform/jobs.ts';
import { durationMs } from './kv.ts';

export const FEDERATION_JOB = 'federation.message';

export class JobsMessageQueue implements MessageQueue {
	readonly nativeRetrial = false;
	private db: Db;
	private jobs: JobRunner;
	constructor(db: Db, jobs: JobRunner) {
		this.db = db;
		this.jobs = jobs;
	}

	async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
		const runAt = new Date(Date.now() + (options?.delay ? Math.max(0, durationMs(options.delay)) : 0));
		await enqueue(this.db, FEDERATION_JOB, message, runAt);
	}

	async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
		for (const message of messages) await this.enqueue(message, options);
	}

	/** Hands messages to Fedify through the job runner; resolves when `signal` aborts. */
	listen(handler: (message: unknown) => Promise<void> | void, options: MessageQueueListenOptions = {}): Promise<void> {
		this.jobs.register(FEDERATION_JOB, async (payload) => {
			await handler(payload);
		});
		const { signal } = options;
		return new Promise((resolve) => {
			if (!signal) return;
			if (signal.aborted) return resolve();
			signal.addEventListener('abort', () => resolve(), { once: true });
		});
	}
}
