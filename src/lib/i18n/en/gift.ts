import type { gift as fr } from '../fr/gift.ts';
import type { SameKeys } from '../types.ts';

export const gift: SameKeys<typeof fr> = {
	'gift.title': 'GIFT format',
	'gift.error.at': 'Line {line}, column {column}: {message}',
	'gift.error.unclosed_brace': 'the brace “{” is never closed by “}”.',
	'gift.error.unopened_brace': 'brace “}” without a “{” before it (write \\} for a brace in the text).',
	'gift.error.nested_brace':
		'a brace “{” opens inside an answer block that is already open (write \\{ for a brace in the text).',
	'gift.error.extra_brace': 'a question has only one answer block; escape this extra brace (\\{ or \\}).',
	'gift.error.unclosed_name': 'the question name opened by “::” is not closed by “::”.',
	'gift.error.empty_category': '$CATEGORY: without a category name.',
	'gift.error.unknown_format':
		'unknown format “[{format}]”: the formats are [html], [moodle], [plain] and [markdown] (lower case). To start a text with brackets, put a format first: [moodle][{format}]…',
	'gift.error.invalid_weight':
		'invalid weight “{weight}”: write a percentage between %-100% and %100%, with a decimal point (%33.3%).',
	'gift.error.weight_out_of_range': 'weight of {weight} % out of range: it must be between -100 % and 100 %.',
	'gift.error.weight_after_equals': '“=” already marks the right answer (100 %): for a weight, write “~%{weight}%”.',
	'gift.error.weights_sum':
		'the right answers of this multiple-answer question add up to {total} %: they must add up to 100 % (or mark the right answer with “=”).',
	'gift.error.no_full_answer': 'no answer is worth 100 %.',
	'gift.error.bad_number': '“{value}” is not a number (write 3.14, with a point).',
	'gift.error.bad_range': 'invalid range “{min}..{max}”: the minimum is above the maximum.',
	'gift.error.too_few_answers': 'at least {min} answers are needed, there are {count}.',
	'gift.error.empty_answer': 'empty answer.',
	'gift.error.empty_answer_block': 'empty answer block here: {} only suits an essay question, at the end of its text.',
	'gift.error.match_without_arrow': 'matching pair without “->” (write =item -> answer).',
	'gift.error.unreadable_question': 'this question could not be read.'
};
