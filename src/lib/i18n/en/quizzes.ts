import type { quizzes as fr } from '../fr/quizzes.ts';
import type { SameKeys } from '../types.ts';

export const quizzes: SameKeys<typeof fr> = {
	'quizzes.title': 'Quiz',
	'quizzes.true': 'True',
	'quizzes.false': 'False',
	'quizzes.question.label': 'Question',
	'quizzes.question.number': 'Question {n}',
	'quizzes.question.marks': '{count} mark|{count} marks',
	'quizzes.question.answer': 'Your answer',
	'quizzes.question.choose': 'Choose…',
	'quizzes.question.missingWord': 'Missing word',
	'quizzes.question.several': 'Several answers may be right.',
	'quizzes.question.scored': '{got} out of {max}',
	'quizzes.question.rightAnswer': 'The right answer:',
	'quizzes.state.correct': 'Correct',
	'quizzes.state.partial': 'Partly correct',
	'quizzes.state.wrong': 'Incorrect',
	'quizzes.state.needsGrading': 'To be graded by a tutor',
	'quizzes.state.unanswered': 'Not answered'
};
