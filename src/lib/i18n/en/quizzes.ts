import type { quizzes as fr } from '../fr/quizzes.ts';
import type { SameKeys } from '../types.ts';

export const quizzes: SameKeys<typeof fr> = {
	'quizzes.title': 'Quizzes'
};
