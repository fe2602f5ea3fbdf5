/**
 * Outgoing mail. With SMTP_URL, mail goes through that server; without it, each message is
 * written as an .eml file under DATA_DIR/mail and logged, so a fresh instance works with no
 * mail server. Mail is always sent from the job queue ('mail.send'), never inside a request.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { z } from 'zod';
import { uuidv7 } from '../../ids.ts';
import { log } from '../../log.ts';

export const mailSchema = z.object({
	to: z.email(),
	subject: z.string().min(1).max(200),
	text: z.string().max(20_000),
	html: z.string().max(60_000).optional(),
	/** Extra headers, e.g. List-Unsubscribe (RFC 8058) on notification mail. */
	headers: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/), z.string().max(2000)).optional()
});
export type Mail = z.infer<typeof mailSchema>;

export interface Mailer {
	send(mail: Mail): Promise<void>;
}

export function createMailer(opts: { smtpUrl?: string; from: string; dataDir: string }): Mailer {
	if (opts.smtpUrl) {
		const transport: Transporter = nodemailer.createTransport(opts.smtpUrl);
		return {
			async send(mail) {
				const info = await transport.sendMail({ from: opts.from, ...mail });
				log.info({ to: mail.to, subject: mail.subject, id: info.messageId }, 'mail sent');
			}
		};
	}
	const dir = join(opts.dataDir, 'mail');
	const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
	return {
		async send(mail) {
			const info = await transport.sendMail({ from: opts.from, ...mail });
			mkdirSync(dir, { recursive: true });
			const file = join(dir, `${uuidv7()}.eml`);
			writeFileSync(file, info.message as Buffer);
			log.info({ to: mail.to, subject: mail.subject, file }, 'mail written to file (no SMTP_URL)');
		}
	};
}
