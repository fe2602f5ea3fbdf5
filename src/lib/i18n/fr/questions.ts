export const questions = {
	'questions.title': 'Banque de questions'
};
