export const archive = {
	'archive.title': 'Archive'
};
