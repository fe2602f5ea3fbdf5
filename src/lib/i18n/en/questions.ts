import type { questions as fr } from '../fr/questions.ts';
import type { SameKeys } from '../types.ts';

export const questions: SameKeys<typeof fr> = {
	'questions.title': 'Question bank'
};
