import type { questions as fr } from '../fr/questions.ts';
import type { SameKeys } from '../types.ts';

export const questions: SameKeys<typeof fr> = {
	'questions.title': 'Question bank',
	'questions.errors.fraction': 'The grade must be between −100 % and 100 %.',
	'questions.errors.tolerance': 'The error margin must be a number, zero or more.',
	'questions.errors.mark': 'The default mark must be a number between 0 and 100.',
	'questions.errors.penalty': 'The penalty must be between 0 and 1.',
	'questions.errors.tooManyAnswers': 'Too many answers ({max} at most).',
	'questions.errors.twoAnswers': 'Give at least two answers.',
	'questions.errors.oneAnswer': 'Give at least one answer.',
	'questions.errors.oneFull': 'One of the answers must be worth 100 %.',
	'questions.errors.sumFull': 'The positive grades must add up to 100 %.',
	'questions.errors.trueFalse': 'Say whether the statement is true or false.',
	'questions.errors.number': 'Enter a number (or * for any other answer).',
	'questions.errors.twoPairs': 'Give at least two pairs to match.',
	'questions.errors.qtypeChange': 'A question’s type does not change: duplicate it instead.',
	'questions.errors.noneSelected': 'Choose at least one question.',
	'questions.errors.categoryTaken': 'A category with this name already exists here.',
	'questions.errors.cycle': 'A category cannot go into itself or into one of its subcategories.',
	'questions.errors.categoryNotEmpty':
		'This category holds questions or subcategories: empty it or move its contents to the parent category.',
	'questions.errors.topNotEmpty': 'This top-level category holds questions or subcategories: empty it first.',
	'questions.errors.lastCategory': 'The bank’s last category cannot be deleted.',
	'questions.errors.giftTooBig': 'The GIFT text is too long ({max} bytes at most).',
	'questions.errors.giftType': 'Choose a GIFT text file (.gift or .txt).',
	'questions.errors.giftEmpty': 'Upload a file or paste GIFT text.',
	'questions.errors.nothingValid': 'No valid question to import.'
};
