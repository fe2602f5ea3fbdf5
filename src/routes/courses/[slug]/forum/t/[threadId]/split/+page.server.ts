import { loadSplit, splitActions } from '#lib/server/features/forums/place.pages.ts';

export const load = loadSplit;
export const actions = splitActions;
