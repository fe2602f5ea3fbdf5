/**
 * End-to-end suite: Debian's chromium (never a downloaded browser) against a real server
 * started by `node scripts/start.ts` on a fresh data directory, with a known administrator.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, E2E_PORT, E2E_URL } from './e2e/env.ts';

const dataDir = join(tmpdir(), `essaim-e2e-${E2E_PORT}`);
// The config is evaluated by the runner and again by each worker: only the runner (which
// starts the web server) starts from a clean data directory.
if (!process.env.TEST_WORKER_INDEX) rmSync(dataDir, { recursive: true, force: true });

export default defineConfig({
	testDir: './e2e',
	testMatch: '*.spec.ts',
	fullyParallel: false,
	workers: 2,
	forbidOnly: true,
	retries: 0,
	reporter: 'list',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	use: {
		baseURL: E2E_URL,
		locale: 'fr-FR',
		trace: 'off',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	webServer: {
		// e2e/server.ts builds under a lock shared with other local servers, then runs scripts/start.ts.
		command: `"${process.execPath}" e2e/server.ts`,
		url: `${E2E_URL}/healthz`,
		// The first run builds the app before serving it.
		timeout: 180_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		stderr: 'pipe',
		env: {
			PORT: String(E2E_PORT),
			HOST: '127.0.0.1',
			PUBLIC_URL: E2E_URL,
			DATA_DIR: dataDir,
			DATABASE_URL: '',
			ADMIN_EMAIL,
			ADMIN_PASSWORD,
			// Every e2e sign-up comes from 127.0.0.1; rate limits are covered by the vitest suite.
			RATE_LIMITS: 'false',
			LOG_LEVEL: 'warn'
		}
	}
});
