import { loadEdit, editActions } from '#lib/server/features/forums/place.pages.ts';

export const load = loadEdit;
export const actions = editActions;
