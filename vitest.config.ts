import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
		environment: 'node',
		// Each file gets its own fresh migrated database (PGlite in memory, or a new PostgreSQL
		// database when DATABASE_URL is set); PGlite takes a few seconds to start.
		testTimeout: 30_000,
		hookTimeout: 60_000,
		expect: { requireAssertions: true },
		pool: 'forks'
	}
});
