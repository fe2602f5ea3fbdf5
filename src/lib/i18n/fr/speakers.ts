export const speakers = {
	'speakers.title': 'Intervenant·es'
};
