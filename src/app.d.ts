import type { App as EssaimApp } from '#lib/server/app.ts';
import type { Actor } from '#lib/server/features/authz/policy.ts';
import type { Locale, Messages } from '#lib/i18n/core.ts';

declare global {
	namespace App {
		interface Locals {
			app: EssaimApp;
			locale: Locale;
			/** The logged-in person, or null. */
			user: {
				id: string;
				email: string;
				emailVerified: boolean;
				name: string;
				handle: string;
				locale: string;
				avatarKey: string | null;
			} | null;
			sessionId: string | null;
			actor: Actor | null;
			/** Signed-in person's unread notifications (up to 100), from the session lookup. */
			unreadNotifications: number;
			/** The instance's current terms of use wait for the signed-in person's acceptance. */
			termsPending: boolean;
		}
		interface Error {
			message: string;
		}
		interface PageData {
			locale: Locale;
			/** Only on pages that ship JavaScript: their language's messages (see i18n/context.ts). */
			messages?: Messages;
		}
	}
}

export {};
