/**
 * `npm start`: builds if the sources are newer than the build, then serves the app.
 * Migrations, the first administrator and the demo content happen in the server's `init` hook.
 * The origin of every URL is PUBLIC_URL (adapter-node 6 has no ORIGIN setting): we set it on
 * each request through private headers that a client cannot spoof, since we overwrite them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { config } from '../src/lib/server/config.ts';
import { isOneClickUnsubscribe } from '../src/lib/server/features/notifications/one-click.ts';

const root = join(import.meta.dirname, '..');
const built = join(root, 'build', 'handler.js');

function newest(path: string): number {
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

const sources = ['src', 'static', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p)).filter(existsSync);
if (!existsSync(built) || Math.max(...sources.map(newest)) > statSync(built).mtimeMs) {
	console.log('Building Essaim…');
	execFileSync(
		process.execPath,
		[join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
		{ stdio: 'inherit', cwd: root }
	);
}

const c = config();
const proto = c.publicUrl.protocol.slice(0, -1);
const host = c.publicUrl.host;
process.env.PROTOCOL_HEADER = 'x-essaim-proto';
process.env.HOST_HEADER = 'x-essaim-host';
// Let uploads reach our handlers, which answer an oversize file with a message next to the field
// (adapter-node would otherwise cut them at 512 KB with a bare 413).
process.env.BODY_SIZE_LIMIT ??= String(Math.max(c.AVATAR_MAX_BYTES, c.FILE_MAX_BYTES, c.MEDIA_MAX_BYTES) + 1024 * 1024);

const { handler } = (await import(pathToFileURL(built).href)) as {
	handler: (req: unknown, res: unknown, next: () => void) => void;
};

const server = createServer((req, res) => {
	req.headers['x-essaim-proto'] = proto;
	req.headers['x-essaim-host'] = host;
	// RFC 8058 one-click unsubscribe comes from mail servers without an Origin (see one-click.ts).
	if (isOneClickUnsubscribe(req.method, req.url, req.headers.origin)) req.headers.origin = c.publicUrl.origin;
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});
server.keepAliveTimeout = 65_000;
server.listen(c.PORT, c.HOST, () => {
	console.log(`Essaim is running: ${c.publicUrl.href}`);
});
