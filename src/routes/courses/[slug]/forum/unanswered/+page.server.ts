import { loadUnanswered } from '#lib/server/features/forums/place.pages.ts';

export const load = loadUnanswered;
