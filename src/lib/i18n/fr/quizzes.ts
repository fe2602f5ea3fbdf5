export const quizzes = {
	'quizzes.title': 'Quiz'
};
