import type { MessageKey } from '#lib/i18n/index.ts';

/** The catalogue key naming a question type. */
export const qtypeKey = (qtype: string) => `questions.qtype.${qtype}` as MessageKey;
