/**
 * The shape of a question, shared by the GIFT parser/exporter, the question bank, the editor,
 * grading and attempts. Field names follow Moodle's (qtype, questiontext, fraction…) so that
 * GIFT import/export and `essaim gift parse` speak Moodle's vocabulary without translation.
 *
 * A question bank row stores one `QuestionData` per version (questions never change in place:
 * attempts are graded and reviewed against the version the learner saw).
 */

export const QTYPES = [
	'multichoice',
	'truefalse',
	'shortanswer',
	'numerical',
	'match',
	'essay',
	'description'
] as const;
export type QType = (typeof QTYPES)[number];

/** Moodle's text formats: FORMAT_MOODLE (0), FORMAT_HTML (1), FORMAT_PLAIN (2), FORMAT_MARKDOWN (4). */
export const TEXT_FORMATS = ['moodle', 'html', 'plain', 'markdown'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

export interface QuestionAnswer {
	text: string;
	format: TextFormat;
	/** Weight of this answer: 1 = 100 %, may be negative for multiple-answer multichoice. */
	fraction: number;
	feedback: string;
	feedbackformat: TextFormat;
	/** Numerical only: accepted error around `text` (a number). */
	tolerance?: number;
}

/** Matching: one item to match; an empty `text` is a distractor answer. */
export interface MatchSubquestion {
	text: string;
	format: TextFormat;
	answer: string;
}

export interface QuestionData {
	qtype: QType;
	name: string;
	questiontext: string;
	questiontextformat: TextFormat;
	generalfeedback: string;
	generalfeedbackformat: TextFormat;
	/** Default mark (1; 0 for descriptions). */
	defaultmark: number;
	/** Penalty per wrong try in interactive modes (Moodle: 0.3333333; 1 for true/false). */
	penalty: number;
	/** Multichoice: true when exactly one answer may be chosen (GIFT: an `=` answer exists). */
	single?: boolean;
	shuffleanswers?: boolean;
	/** Short answer: is the comparison case-sensitive? */
	usecase?: boolean;
	answers: QuestionAnswer[];
	subquestions: MatchSubquestion[];
	tags: string[];
	idnumber: string;
	/** Optional image shown with the question (storage key of a lesson file, and its text alternative). */
	image?: { key: string; alt: string } | null;
}
