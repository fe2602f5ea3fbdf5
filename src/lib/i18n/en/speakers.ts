import type { speakers as fr } from '../fr/speakers.ts';
import type { SameKeys } from '../types.ts';

export const speakers: SameKeys<typeof fr> = {
	'speakers.title': 'Speakers'
};
