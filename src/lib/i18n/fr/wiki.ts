export const wiki = {
	'wiki.title': 'Historique'
};
