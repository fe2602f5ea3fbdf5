import type { forums as fr } from '../fr/forums.ts';
import type { SameKeys } from '../types.ts';

export const forums: SameKeys<typeof fr> = {
	'forums.title': 'Forums'
};
