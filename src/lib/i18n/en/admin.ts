import type { admin as fr } from '../fr/admin.ts';
import type { SameKeys } from '../types.ts';

export const admin: SameKeys<typeof fr> = {
	'admin.title': 'Administration'
};
