import type { archive as fr } from '../fr/archive.ts';
import type { SameKeys } from '../types.ts';

export const archive: SameKeys<typeof fr> = {
	'archive.title': 'Archive'
};
