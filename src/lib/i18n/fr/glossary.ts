export const glossary = {
	'glossary.title': 'Lexique'
};
