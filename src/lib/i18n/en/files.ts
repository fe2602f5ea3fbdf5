import type { files as fr } from '../fr/files.ts';
import type { SameKeys } from '../types.ts';

export const files: SameKeys<typeof fr> = {
	'files.title': 'Files'
};
