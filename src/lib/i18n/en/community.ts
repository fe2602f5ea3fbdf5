import type { community as fr } from '../fr/community.ts';
import type { SameKeys } from '../types.ts';

export const community: SameKeys<typeof fr> = {
	'community.title': 'Community'
};
