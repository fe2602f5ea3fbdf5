import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from './mailer.ts';
import { linkMail } from './templates.ts';

/** Decodes quoted-printable bodies so assertions read like the mail a person sees. */
function decodeQP(raw: string) {
	const joined = raw.replace(/=\r?\n/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < joined.length; i++) {
		const hex = joined[i] === '=' ? /^[0-9A-F]{2}/.exec(joined.slice(i + 1, i + 3)) : null;
		if (hex) {
			bytes.push(parseInt(hex[0], 16));
			i += 2;
		} else bytes.push(...Buffer.from(joined[i]!));
	}
	return Buffer.from(bytes).toString('utf8');
}

describe('mailer', () => {
	const received: { to: string[]; data: string }[] = [];
	let server: SMTPServer;
	let port: number;

	beforeAll(async () => {
		server = new SMTPServer({
			authOptional: true,
			disabledCommands: ['STARTTLS'],
			onData(stream, session, callback) {
				let data = '';
				stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
				stream.on('end', () => {
					received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: decodeQP(data) });
					callback();
				});
			}
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		port = (server.server.address() as AddressInfo).port;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('delivers through a real SMTP server when SMTP_URL is set', async () => {
		const mailer = createMailer({
			smtpUrl: `smtp://127.0.0.1:${port}`,
			from: 'Essaim <no-reply@essaim.test>',
			dataDir: '/nonexistent'
		});
		await mailer.send(
			linkMail('resetPassword', 'fr', {
				to: 'camille@example.org',
				name: 'Camille',
				instance: 'Essaim',
				url: 'http://localhost:3000/x?token=abc'
			})
		);
		expect(received).toHaveLength(1);
		expect(received[0]!.to).toEqual(['camille@example.org']);
		expect(received[0]!.data).toContain('Subject: Nouveau mot de passe pour Essaim');
		expect(received[0]!.data).toContain('http://localhost:3000/x?token=abc');
	});

	it('writes an .eml file under DATA_DIR/mail when no SMTP server is configured', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'essaim-mail-'));
		const mailer = createMailer({ from: 'Essaim <no-reply@essaim.test>', dataDir });
		await mailer.send(
			linkMail('verifyEmail', 'en', {
				to: 'sam@example.org',
				name: 'Sam <b>',
				instance: 'Essaim',
				url: 'http://localhost:3000/v'
			})
		);
		const files = readdirSync(join(dataDir, 'mail'));
		expect(files).toHaveLength(1);
		const eml = decodeQP(readFileSync(join(dataDir, 'mail', files[0]!), 'utf8'));
		expect(eml).toContain('To: sam@example.org');
		expect(eml).toContain('Subject: Confirm your address on Essaim');
		// Names are escaped in the HTML part.
		expect(eml).toContain('<p>Hello Sam &lt;b&gt;,<br>');
		expect(eml).toContain('href="http://localhost:3000/v"');
	});
});
