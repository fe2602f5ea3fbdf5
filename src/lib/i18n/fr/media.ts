export const media = {
	'media.title': 'Médias'
};
