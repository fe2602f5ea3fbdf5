import type { rushes as fr } from '../fr/rushes.ts';
import type { SameKeys } from '../types.ts';

export const rushes: SameKeys<typeof fr> = {
	'rushes.title': 'Timestamped notes'
};
