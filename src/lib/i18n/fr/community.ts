export const community = {
	'community.title': 'Communauté'
};
