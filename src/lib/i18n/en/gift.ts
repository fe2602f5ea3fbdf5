import type { gift as fr } from '../fr/gift.ts';
import type { SameKeys } from '../types.ts';

export const gift: SameKeys<typeof fr> = {
	'gift.title': 'GIFT format'
};
