import { loadIndex } from '#lib/server/features/forums/place.pages.ts';

export const load = loadIndex;
