import type { wiki as fr } from '../fr/wiki.ts';
import type { SameKeys } from '../types.ts';

export const wiki: SameKeys<typeof fr> = {
	'wiki.title': 'History'
};
