/**
 * Translations. French is the source catalogue; each English file is typed against it, so a
 * missing key fails `svelte-check`, and `scripts/check-i18n.ts` (run by `npm run check`) also
 * rejects extra or empty keys. Add a feature's messages as `fr/<feature>.ts` + `en/<feature>.ts`.
 */
import { format, makeTranslator, type Locale, type Params, type Translate } from './core.ts';

export * from './core.ts';
import { common as frCommon } from './fr/common.ts';
import { common as enCommon } from './en/common.ts';
import { account as frAccount } from './fr/account.ts';
import { account as enAccount } from './en/account.ts';
import { admin as frAdmin } from './fr/admin.ts';
import { admin as enAdmin } from './en/admin.ts';
import { profile as frProfile } from './fr/profile.ts';
import { profile as enProfile } from './en/profile.ts';
import { courses as frCourses } from './fr/courses.ts';
import { courses as enCourses } from './en/courses.ts';
import { glossary as frGlossary } from './fr/glossary.ts';
import { glossary as enGlossary } from './en/glossary.ts';
import { media as frMedia } from './fr/media.ts';
import { media as enMedia } from './en/media.ts';
import { speakers as frSpeakers } from './fr/speakers.ts';
import { speakers as enSpeakers } from './en/speakers.ts';
import { files as frFiles } from './fr/files.ts';
import { files as enFiles } from './en/files.ts';
import { archive as frArchive } from './fr/archive.ts';
import { archive as enArchive } from './en/archive.ts';
import { rushes as frRushes } from './fr/rushes.ts';
import { rushes as enRushes } from './en/rushes.ts';
import { editions as frEditions } from './fr/editions.ts';
import { editions as enEditions } from './en/editions.ts';
import { gift as frGift } from './fr/gift.ts';
import { gift as enGift } from './en/gift.ts';
import { questions as frQuestions } from './fr/questions.ts';
import { questions as enQuestions } from './en/questions.ts';
import { quizzes as frQuizzes } from './fr/quizzes.ts';
import { quizzes as enQuizzes } from './en/quizzes.ts';
import { forums as frForums } from './fr/forums.ts';
import { forums as enForums } from './en/forums.ts';
import { wiki as frWiki } from './fr/wiki.ts';
import { wiki as enWiki } from './en/wiki.ts';
import { community as frCommunity } from './fr/community.ts';
import { community as enCommunity } from './en/community.ts';

const fr = {
	...frCommon,
	...frAccount,
	...frProfile,
	...frAdmin,
	...frCourses,
	...frGlossary,
	...frMedia,
	...frSpeakers,
	...frFiles,
	...frArchive,
	...frRushes,
	...frEditions,
	...frGift,
	...frQuestions,
	...frQuizzes,
	...frForums,
	...frWiki,
	...frCommunity
};
export type MessageKey = keyof typeof fr;
const en: Record<MessageKey, string> = {
	...enCommon,
	...enAccount,
	...enProfile,
	...enAdmin,
	...enCourses,
	...enGlossary,
	...enMedia,
	...enSpeakers,
	...enFiles,
	...enArchive,
	...enRushes,
	...enEditions,
	...enGift,
	...enQuestions,
	...enQuizzes,
	...enForums,
	...enWiki,
	...enCommunity
};

export const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };

export function isMessageKey(value: unknown): value is MessageKey {
	return typeof value === 'string' && Object.hasOwn(fr, value);
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
	return format(locale, catalogues[locale], key, params);
}

export function translator(locale: Locale): Translate {
	return makeTranslator(locale, catalogues[locale]);
}

/** For the load of a page that ships JavaScript: the messages its browser-side code needs. */
export function messagesFor(locale: Locale): Record<MessageKey, string> {
	return catalogues[locale];
}
