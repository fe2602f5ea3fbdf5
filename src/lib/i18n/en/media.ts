import type { media as fr } from '../fr/media.ts';
import type { SameKeys } from '../types.ts';

export const media: SameKeys<typeof fr> = {
	'media.title': 'Media'
};
