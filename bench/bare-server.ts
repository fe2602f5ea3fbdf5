/**
 * The baseline: a bare node:http server answering every request with the same 10 KB HTML page.
 * Run in its own process so it competes with the load generator exactly as the app does.
 */
import { createServer } from 'node:http';

const head = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Bench</title></head><body>\n';
const tail = '</body></html>\n';
const row = '<p>Essaim bench: a fixed paragraph of text that makes up ten kilobytes.</p>\n';
const fill = 10_240 - head.length - tail.length;
const body = Buffer.from(head + row.repeat(Math.ceil(fill / row.length)).slice(0, fill) + tail);

const server = createServer((_req, res) => {
	res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
	res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3301), '127.0.0.1', () => console.log('ready'));
for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => server.close(() => process.exit(0)));
