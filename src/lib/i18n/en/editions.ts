import type { editions as fr } from '../fr/editions.ts';
import type { SameKeys } from '../types.ts';

export const editions: SameKeys<typeof fr> = {
	'editions.title': 'Sessions'
};
