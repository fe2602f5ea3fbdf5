import { describe, expect, it } from 'vitest';
import { SessionCache, TTL_MS } from './session-cache.ts';

describe(SessionCache.name, () => {
	it('forgets entries after their lifetime and when their person is forgotten', () => {
		const cache = new SessionCache<string>();
		cache.set('t1', 'u1', 'a', 0);
		cache.set('t2', 'u1', 'b', 0);
		cache.set('t3', 'u2', 'c', 0);
		expect(cache.get('t1', TTL_MS - 1)).toBe('a');
		expect(cache.get('t1', TTL_MS)).toBeUndefined();
		cache.forgetUser('u1');
		expect(cache.get('t2', 1)).toBeUndefined();
		expect(cache.get('t3', 1)).toBe('c');
		expect(cache.size).toBe(1);
	});
});
