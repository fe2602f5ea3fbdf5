/** Settings shared by playwright.config.ts (which starts the server) and the tests. */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_URL = `http://localhost:${E2E_PORT}`;
export const ADMIN_EMAIL = 'admin@e2e.test';
export const ADMIN_PASSWORD = 'violet lanterns hum above the quiet harbour';
