import type { glossary as fr } from '../fr/glossary.ts';
import type { SameKeys } from '../types.ts';

export const glossary: SameKeys<typeof fr> = {
	'glossary.title': 'Glossary'
};
