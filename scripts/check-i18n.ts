/**
 * Fails when a language's catalogue is missing a key, has an extra one, leaves one empty, or
 * drops a {placeholder} the French text uses. Types already catch missing keys; this also
 * catches the rest, and runs in `npm run check` and `npm test`.
 */
import { catalogues, LOCALES } from '../src/lib/i18n/index.ts';

const problems: string[] = [];
const source = catalogues.fr;
const placeholders = (s: string) =>
	[...s.matchAll(/\{(\w+)\}/g)]
		.map((m) => m[1])
		.sort()
		.join(',');
for (const locale of LOCALES) {
	const cat = catalogues[locale] as Record<string, string>;
	for (const key of Object.keys(source)) {
		const text = cat[key];
		if (text === undefined) problems.push(`${locale}: missing ${key}`);
		else if (!text.trim()) problems.push(`${locale}: empty ${key}`);
		else if (placeholders(text) !== placeholders(source[key as keyof typeof source]))
			problems.push(
				`${locale}: ${key} has placeholders {${placeholders(text)}}, French has {${placeholders(source[key as keyof typeof source])}}`
			);
	}
	for (const key of Object.keys(cat)) if (!(key in source)) problems.push(`${locale}: unknown key ${key}`);
}
if (problems.length) {
	console.error(`Translation problems:\n  ${problems.join('\n  ')}`);
	process.exit(1);
}
console.log(`i18n: ${Object.keys(source).length} keys in ${LOCALES.join(', ')}`);
