export const quizzes = {
	'quizzes.title': 'Quiz',
	'quizzes.true': 'Vrai',
	'quizzes.false': 'Faux',
	'quizzes.question.label': 'Question',
	'quizzes.question.number': 'Question {n}',
	'quizzes.question.marks': '{count} point|{count} points',
	'quizzes.question.answer': 'Votre réponse',
	'quizzes.question.choose': 'Choisir…',
	'quizzes.question.missingWord': 'Mot manquant',
	'quizzes.question.several': 'Plusieurs réponses possibles.',
	'quizzes.question.scored': '{got} sur {max}',
	'quizzes.question.rightAnswer': 'La bonne réponse :',
	'quizzes.state.correct': 'Correct',
	'quizzes.state.partial': 'Partiellement correct',
	'quizzes.state.wrong': 'Incorrect',
	'quizzes.state.needsGrading': 'À évaluer par un tuteur ou une tutrice',
	'quizzes.state.unanswered': 'Sans réponse'
};
