import { loadManage, manageActions } from '#lib/server/features/forums/place.pages.ts';

export const load = loadManage;
export const actions = manageActions;
