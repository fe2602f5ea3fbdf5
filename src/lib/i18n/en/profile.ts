import type { profile as fr } from '../fr/profile.ts';
import type { SameKeys } from '../types.ts';

export const profile: SameKeys<typeof fr> = {
	'profile.title': 'Profile'
};
