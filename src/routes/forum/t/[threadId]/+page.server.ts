import { loadThread, threadActions } from '#lib/server/features/forums/thread.page.ts';

export const load = loadThread;
export const actions = threadActions;
