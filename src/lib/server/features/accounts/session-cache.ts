/**
 * A small, short-lived cache of resolved sessions for page reads (GET/HEAD), so that a
 * logged-in page costs no more database work than an anonymous one.
 *
 * It is only a cache: nothing another process needs lives here. Within a process it is exact:
 * a person's entries are forgotten after any write request they make and on every event that
 * changes their access (suspension, deletion, roles, password reset). Across several app
 * processes, another process may trust a revoked session for at most TTL_MS.
 */
import type { RoleGrant } from '../authz/policy.ts';

export const TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/** What a resolved session puts on `locals`. */
export interface CachedSession {
	sessionId: string;
	sessionUpdatedAt: number;
	user: {
		id: string;
		email: string;
		emailVerified: boolean;
		name: string;
		handle: string;
		locale: string;
		avatarKey: string | null;
	};
	roles: RoleGrant[];
	/** Unread notifications, counted up to 100 (the header's badge). */
	unreadNotifications?: number;
	/** The instance's current terms of use are not accepted yet (see community/terms.gate.ts). */
	termsPending?: boolean;
}

interface Entry<T> {
	value: T;
	userId: string;
	expires: number;
}

export class SessionCache<T = CachedSession> {
	#entries = new Map<string, Entry<T>>();
	#byUser = new Map<string, Set<string>>();

	get(token: string, now = Date.now()): T | undefined {
		const entry = this.#entries.get(token);
		if (!entry) return undefined;
		if (entry.expires <= now) {
			this.#delete(token, entry.userId);
			return undefined;
		}
		return entry.value;
	}

	set(token: string, userId: string, value: T, now = Date.now()) {
		if (this.#entries.size >= MAX_ENTRIES) {
			// Maps keep insertion order: drop the oldest entry.
			const [oldest, entry] = this.#entries.entries().next().value!;
			this.#delete(oldest, entry.userId);
		}
		this.#entries.set(token, { value, userId, expires: now + TTL_MS });
		let tokens = this.#byUser.get(userId);
		if (!tokens) this.#byUser.set(userId, (tokens = new Set()));
		tokens.add(token);
	}

	/** Forgets every cached session of this person. */
	forgetUser(userId: string) {
		for (const token of this.#byUser.get(userId) ?? []) this.#entries.delete(token);
		this.#byUser.delete(userId);
	}

	get size() {
		return this.#entries.size;
	}

	#delete(token: string, userId: string) {
		this.#entries.delete(token);
		this.#byUser.get(userId)?.delete(token);
	}
}
