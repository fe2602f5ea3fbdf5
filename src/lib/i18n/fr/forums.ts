export const forums = {
	'forums.title': 'Forums'
};
