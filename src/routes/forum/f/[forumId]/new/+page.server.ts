import { loadNewThread, newThreadActions } from '#lib/server/features/forums/place.pages.ts';

export const load = loadNewThread;
export const actions = newThreadActions;
