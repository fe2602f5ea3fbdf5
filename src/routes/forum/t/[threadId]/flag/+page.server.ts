import { loadFlag, flagActions } from '#lib/server/features/forums/place.pages.ts';

export const load = loadFlag;
export const actions = flagActions;
