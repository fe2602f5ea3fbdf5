/** A message is a string with `{name}` placeholders; plural forms use `{count}` with `|` (one|other). */
export type Catalogue = Record<string, string>;
/** The English catalogue of a feature must have exactly the French keys. */
export type SameKeys<T extends Catalogue> = { [K in keyof T]: string };
