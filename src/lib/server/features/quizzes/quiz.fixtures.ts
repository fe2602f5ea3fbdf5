/** Question builders for the quizzes' tests (Moodle's shape, sensible defaults). */
import type { QuestionAnswer, QuestionData } from '../questions/question.types.ts';

export function answer(
	text: string,
	fraction: number,
	feedback = '',
	extra: Partial<QuestionAnswer> = {}
): QuestionAnswer {
	return { text, format: 'moodle', fraction, feedback, feedbackformat: 'moodle', ...extra };
}

export function question(overrides: Partial<QuestionData> = {}): QuestionData {
	return {
		qtype: 'multichoice',
		name: 'Q',
		questiontext: 'Question ?',
		questiontextformat: 'moodle',
		generalfeedback: '',
		generalfeedbackformat: 'moodle',
		defaultmark: 1,
		penalty: 0.3333333,
		answers: [],
		subquestions: [],
		tags: [],
		idnumber: '',
		...overrides
	};
}

export const capital = () =>
	question({
		name: 'Capitale',
		questiontext: 'Quelle est la capitale de la France ?',
		single: true,
		shuffleanswers: true,
		answers: [
			answer('Paris', 1, 'Bravo, Paris.'),
			answer('Lyon', 0, 'Non, Lyon est une préfecture.'),
			answer('Marseille', 0, 'Non.')
		]
	});

export const primes = () =>
	question({
		name: 'Premiers',
		questiontext: 'Lesquels sont premiers ?',
		single: false,
		answers: [answer('2', 0.5, 'Oui, 2.'), answer('3', 0.5, 'Oui, 3.'), answer('4', -1, 'Non, 4 = 2×2.')]
	});

export const trueFalse = (right = true) =>
	question({
		qtype: 'truefalse',
		questiontext: 'La Terre est ronde.',
		penalty: 1,
		answers: [answer('true', right ? 1 : 0, 'Feedback vrai'), answer('false', right ? 0 : 1, 'Feedback faux')]
	});

export const shortAnswer = () =>
	question({
		qtype: 'shortanswer',
		questiontext: 'Qui a écrit « Les Misérables » ?',
		usecase: false,
		answers: [answer('Victor Hugo', 1, 'Exact.'), answer('Hugo', 0.5, 'Le prénom ?'), answer('*', 0, 'Non.')]
	});

export const numerical = () =>
	question({
		qtype: 'numerical',
		questiontext: 'Combien vaut π (deux décimales) ?',
		answers: [
			answer('3.14', 1, 'Exact.', { tolerance: 0.005 }),
			answer('3', 0.5, 'À peu près.', { tolerance: 0.2 }),
			answer('*', 0, 'Non.')
		]
	});

export const match = () =>
	question({
		qtype: 'match',
		questiontext: 'Associez pays et capitales.',
		subquestions: [
			{ text: 'France', format: 'moodle', answer: 'Paris' },
			{ text: 'Italie', format: 'moodle', answer: 'Rome' },
			{ text: 'Espagne', format: 'moodle', answer: 'Madrid' },
			{ text: '', format: 'moodle', answer: 'Lisbonne' }
		]
	});

export const essay = () => question({ qtype: 'essay', questiontext: 'Décrivez votre quartier.' });
export const description = () =>
	question({ qtype: 'description', questiontext: 'Lisez le texte suivant.', defaultmark: 0 });
