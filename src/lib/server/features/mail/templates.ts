import type { Locale } from '#lib/i18n/index.ts';
import type { Mail } from './mailer.ts';

type Kind = 'verifyEmail' | 'resetPassword' | 'changeEmail';

const texts: Record<Locale, Record<Kind, { subject: string; body: string; action: string }>> = {
	fr: {
		verifyEmail: {
			subject: 'Confirmez votre adresse sur {instance}',
			body: 'Bonjour {name},\n\nPour confirmer votre adresse électronique sur {instance}, ouvrez ce lien :',
			action: 'Confirmer mon adresse'
		},
		resetPassword: {
			subject: 'Nouveau mot de passe pour {instance}',
			body: 'Bonjour {name},\n\nQuelqu’un (sans doute vous) a demandé un nouveau mot de passe pour votre compte sur {instance}. Pour le choisir, ouvrez ce lien dans l’heure :',
			action: 'Choisir un nouveau mot de passe'
		},
		changeEmail: {
			subject: 'Confirmez votre nouvelle adresse sur {instance}',
			body: 'Bonjour {name},\n\nPour utiliser cette adresse sur votre compte {instance}, ouvrez ce lien :',
			action: 'Confirmer la nouvelle adresse'
		}
	},
	en: {
		verifyEmail: {
			subject: 'Confirm your address on {instance}',
			body: 'Hello {name},\n\nTo confirm your email address on {instance}, open this link:',
			action: 'Confirm my address'
		},
		resetPassword: {
			subject: 'New password for {instance}',
			body: 'Hello {name},\n\nSomeone (probably you) asked for a new password for your account on {instance}. To choose it, open this link within the hour:',
			action: 'Choose a new password'
		},
		changeEmail: {
			subject: 'Confirm your new address on {instance}',
			body: 'Hello {name},\n\nTo use this address for your {instance} account, open this link:',
			action: 'Confirm the new address'
		}
	}
};

const footer: Record<Locale, string> = {
	fr: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message.',
	en: 'If you did not ask for this, ignore this message.'
};

const escape = (s: string) =>
	s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function linkMail(
	kind: Kind,
	locale: Locale,
	vars: { to: string; name: string; instance: string; url: string }
): Mail {
	const t = texts[locale][kind];
	const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: keyof typeof vars) => vars[k]);
	const body = fill(t.body);
	return {
		to: vars.to,
		subject: fill(t.subject),
		text: `${body}\n\n${vars.url}\n\n${footer[locale]}\n`,
		html:
			`<p>${escape(body).replace(/\n/g, '<br>')}</p>` +
			`<p><a href="${escape(vars.url)}">${escape(t.action)}</a></p>` +
			`<p>${escape(footer[locale])}</p>`
	};
}

const invitation: Record<Locale, { subject: string; body: string; action: string; footer: string }> = {
	fr: {
		subject: 'Invitation au cours « {course} » sur {instance}',
		body: 'Bonjour,\n\nVous êtes invité·e à suivre le cours « {course} » sur {instance}. Ouvrez ce lien, puis connectez-vous ou créez un compte : vous serez inscrit·e. Le lien sert une fois et reste valable 30 jours.',
		action: 'Rejoindre le cours',
		footer: 'Si vous ne connaissez pas ce cours, ignorez ce message : rien ne se passera.'
	},
	en: {
		subject: 'Invitation to the course “{course}” on {instance}',
		body: 'Hello,\n\nYou are invited to follow the course “{course}” on {instance}. Open this link, then log in or create an account: you will be enrolled. The link works once and for 30 days.',
		action: 'Join the course',
		footer: 'If you do not know this course, ignore this message: nothing will happen.'
	}
};

/** A personal invitation to a course (features/courses/invitations.service.ts). */
export function invitationMail(
	locale: Locale,
	vars: { to: string; course: string; instance: string; url: string }
): Mail {
	const t = invitation[locale];
	const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: keyof typeof vars) => vars[k]);
	const body = fill(t.body);
	return {
		to: vars.to,
		subject: fill(t.subject),
		text: `${body}\n\n${vars.url}\n\n${t.footer}\n`,
		html:
			`<p>${escape(body).replace(/\n/g, '<br>')}</p>` +
			`<p><a href="${escape(vars.url)}">${escape(t.action)}</a></p>` +
			`<p>${escape(t.footer)}</p>`
	};
}
