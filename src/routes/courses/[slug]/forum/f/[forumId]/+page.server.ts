import { loadForum, forumActions } from '#lib/server/features/forums/place.pages.ts';

export const load = loadForum;
export const actions = forumActions;
