export const files = {
	'files.title': 'Fichiers'
};
