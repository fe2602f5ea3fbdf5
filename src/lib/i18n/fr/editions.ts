export const editions = {
	'editions.title': 'Sessions'
};
