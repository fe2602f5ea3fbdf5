import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	notice: url.searchParams.has('accountDeleted')
		? ('privacy.deleted' as const)
		: url.searchParams.has('loggedOut')
			? ('auth.loggedOut' as const)
			: undefined
});
