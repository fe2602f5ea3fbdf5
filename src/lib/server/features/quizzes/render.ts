/** Question texts as safe HTML: the question bank's renderer (questions/render.ts), per Moodle's formats. */
export {
	escapeHtml,
	renderQuestionText as renderText,
	renderQuestionInline as renderInline
} from '../questions/render.ts';
